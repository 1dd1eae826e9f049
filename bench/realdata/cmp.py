# compare parcels area --format json groups with reference per key
import sys, json, subprocess
ref = json.load(open(sys.argv[1])); par = json.load(open(sys.argv[2]))
refd = {}
for i, k, a, b in ref:
    if a is None: continue
    refd[str(k)] = refd.get(str(k), 0) + a
worst = []
for gr in par['groups']:
    r = refd.get(gr['key'])
    if r is None: print('no ref for', gr['key']); continue
    worst.append((abs(gr['area_m2'] - r) / r, gr['key'], gr['area_m2'], r))
worst.sort(reverse=True)
for w in worst[:int(sys.argv[3]) if len(sys.argv) > 3 else 8]: print('%.3e %s parcels=%.3f ref=%.3f' % w)
tot = sum(refd.values()); print('total parcels=%.3f ref=%.3f rel=%.3e n=%d/%d' % (par['total_m2'], tot, (par['total_m2']-tot)/tot, len(par['groups']), len(refd)))
print('warnings:', len(par.get('warnings', [])))
for w in par.get('warnings', [])[:10]: print('  ', w[:300])
