# Exact false-FAIL rate of a floor gate at a true rate exactly on the 98% floor (and of the error-rate gate at 5%).
from math import comb, sqrt
def pmf(k, n, p): return comb(n, k) * p**k * (1 - p)**(n - k)
def cdf(k, n, p): return sum(pmf(i, n, p) for i in range(k + 1))
def wilson_upper(k, n, z=1.959963984540054):
    p = k / n; d = 1 + z*z/n
    return (p + z*z/(2*n)) / d + z / d * sqrt(p*(1-p)/n + z*z/(4*n*n))
for n in (100, 400):
    exact = sum(pmf(k, n, 0.98) for k in range(n + 1) if cdf(k, n, 0.98) < 0.025)   # Clopper-Pearson upper < floor
    wilson = sum(pmf(k, n, 0.98) for k in range(n + 1) if wilson_upper(k, n) < 0.98)
    err = sum(pmf(k, n, 0.05) for k in range(n + 1) if 1 - cdf(k - 1, n, 0.05) < 0.025)  # CP lower > limit
    print(f"n={n}: floor 98% false FAIL exact {exact:.4f} (Wilson {wilson:.4f}); error rate 5% false FAIL {err:.4f}")
