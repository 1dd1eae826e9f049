import json, sys
t = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
print(r['crs'], r.get('warnings'))
for z in r['zones'] + [dict(r['totals'], zone='_total')]:
    tz = t.get(z['zone'])
    if not tz: print('no truth', z['zone']); continue
    print(z['zone'], *['%s %.3f vs %.3f (%.2e)' % (k, z[k], tz[k], (z[k]-tz[k])/tz[k] if tz[k] else z[k]) for k in ['before_m2','cleared_m2','freed_m2'] if k in tz], z['demolished'], z['partly_demolished'], z['new_structures'], z['rebuilt'])
print([c['ok'] for c in r.get('checks', [])])
