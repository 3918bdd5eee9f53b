"""Reference values for tests/CbtProgram.UnitTests/Outcomes, computed independently of the C# code with Python's math
module only (python3 make_reference.py rewrites the CSV files). Formulas as in the README's Outcomes section."""
import csv, math

Z = 1.959963984540054

def fmt(x):
    return "" if x is None else repr(float(x))

# Jacobson-Truax: SEdiff = SD*sqrt(2)*sqrt(1-r); RCI = (post-pre)/SEdiff; reliable if |RCI| > 1.96
rc_cases = [
    (20, 14, 6.5, 0.89), (20, 26, 6.5, 0.89), (15, 15, 6.5, 0.89), (12, 8, 5.1, 0.92), (40, 64, 20, 0.84),
    (40, 62, 20, 0.84), (30, 0, 25, 0.83), (10, 11, 1, 0.0),
]
with open("reliable-change.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["pre", "post", "sd", "reliability", "sediff", "rci", "reliable"])
    for pre, post, sd, r in rc_cases:
        se = sd * math.sqrt(2) * math.sqrt(1 - r); rci = (post - pre) / se
        w.writerow([pre, post, sd, r, fmt(se), fmt(rci), abs(rci) > 1.96])

# Wilson score interval
with open("wilson.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["count", "denominator", "proportion", "low", "high"])
    for k, n in [(0, 0), (0, 1), (1, 1), (1, 2), (0, 10), (10, 10), (3, 10), (50, 100), (7, 23)]:
        if n == 0:
            w.writerow([k, n, "", "", ""]); continue
        p = k / n; d = 1 + Z * Z / n; c = (p + Z * Z / (2 * n)) / d
        h = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / d
        w.writerow([k, n, fmt(p), fmt(max(0, c - h)), fmt(min(1, c + h))])

def mean(v): return sum(v) / len(v) if v else None
def sd(v):
    if len(v) < 2: return None
    m = mean(v); return math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1))

with open("mean-sd.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["values", "mean", "sd"])
    for v in [[], [7], [7, 7], [2, 4], [1, 2, 3, 4, 100], [15, 12, 18, 9, 20, 14]]:
        w.writerow([";".join(str(x) for x in v), fmt(mean(v)), fmt(sd(v))])

# Within-group effect size: d = mean(post-pre)/SD(pre); J = 1 - 3/(4(n-1)-1); g = J*d;
# V = 2(1-r)/n + d^2/(2n) (Becker 1988); CI = d +- Z sqrt(V); g's CI = J times d's.
def corr(a, b):
    if len(a) < 3: return None
    ma, mb = mean(a), mean(b)
    sxy = sum((x - ma) * (y - mb) for x, y in zip(a, b)); sxx = sum((x - ma) ** 2 for x in a); syy = sum((y - mb) ** 2 for y in b)
    return None if sxx == 0 or syy == 0 else sxy / math.sqrt(sxx * syy)

wg_cases = [
    ("empty", [], []), ("one", [18], [9]), ("two", [18, 12], [9, 10]), ("no spread", [10, 10, 10], [5, 6, 7]), ("post all equal", [10, 12, 14], [6, 6, 6]),
    ("ties", [15, 15, 20, 20], [10, 10, 12, 12]),
    ("six", [15, 12, 18, 9, 20, 14], [8, 10, 11, 9, 12, 6]),
    ("worse", [5, 7, 9, 11], [9, 8, 14, 15]),
]
with open("within-group.csv", "w", newline="") as f:
    w = csv.writer(f); w.writerow(["case", "pre", "post", "n", "d", "d_low", "d_high", "g", "g_low", "g_high"])
    for name, pre, post in wg_cases:
        n = len(pre); s = sd(pre); row = [name, ";".join(map(str, pre)), ";".join(map(str, post)), n]
        if s is None or s == 0:
            w.writerow(row + [""] * 6); continue
        d = mean([b - a for a, b in zip(pre, post)]) / s
        if n < 3:  # J = 1 - 3/(4*1-1) = 0 at n = 2: no g
            w.writerow(row + [fmt(d), "", "", "", "", ""]); continue
        j = 1 - 3 / (4 * (n - 1) - 1); g = j * d
        r = corr(pre, post)
        if r is None:
            w.writerow(row + [fmt(d), "", "", fmt(g), "", ""]); continue
        h = Z * math.sqrt(2 * (1 - r) / n + d * d / (2 * n))
        w.writerow(row + [fmt(d), fmt(d - h), fmt(d + h), fmt(g), fmt(g - j * h), fmt(g + j * h)])
