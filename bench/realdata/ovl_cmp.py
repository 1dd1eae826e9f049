import json, sys
b = sys.argv[1]
r = json.load(open(f'ref/{b}.ovl.json')); p = json.load(open(f'out/{b}.ovl.json'))
rd = {tuple(sorted(x[:2])): x[2] for x in r}
pd = {tuple(sorted((x['a'], x['b']))): x['overlap_m2'] for x in p['pairs']}
print(b, 'pairs ref', len(rd), 'parcels', len(pd), 'sum ref %.3f parcels %.3f' % (sum(rd.values()), p['pairs_sum_m2']), 'union', p['total_overlap_m2'], 'invalid', len(p['invalid']))
worst = sorted(((abs(pd.get(k, 0) - v) / v, k, pd.get(k), v) for k, v in rd.items()), reverse=True)[:5]
for w in worst: print('  %.2e %s parcels=%s ref=%.4f' % w)
print('  only in parcels:', [(k, v) for k, v in pd.items() if k not in rd][:5])
