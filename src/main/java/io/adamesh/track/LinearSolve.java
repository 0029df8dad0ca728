package io.adamesh.track;

/** Small dense least-squares helpers for the fitter. */
final class LinearSolve {
    private LinearSolve() {}

    /**
     * The Levenberg-Marquardt step {@code d} solving {@code (J^T J + lambda diag(J^T J) + lambda I) d = J^T r},
     * with {@code jac[k]} the k-th column of J. Subtract {@code d} from the parameters.
     */
    static double[] dampedNormalStep(double[][] jac, double[] r, double lambda) {
        int p = jac.length;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < p; i++) {
            double[] ji = jac[i];
            for (int j = i; j < p; j++) {
                double[] jj = jac[j];
                double s = 0;
                for (int k = 0; k < ji.length; k++) {
                    s += ji[k] * jj[k];
                }
                a[i][j] = s;
                a[j][i] = s;
            }
            double s = 0;
            for (int k = 0; k < ji.length; k++) {
                s += ji[k] * r[k];
            }
            b[i] = s;
        }
        for (int i = 0; i < p; i++) {
            a[i][i] += lambda * a[i][i] + lambda * 1e-3;
        }
        return cholesky(a, b);
    }

    /** Solves the symmetric positive-definite system {@code a x = b} (a is overwritten). */
    static double[] cholesky(double[][] a, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            d = Math.sqrt(Math.max(d, 1e-12));
            a[j][j] = d;
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / d;
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * y[k];
            }
            y[i] = s / a[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= a[k][i] * x[k];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }
}
