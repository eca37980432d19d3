package io.dinitj.core.service;

/**
 * The arrays that list a record's edges grow and shrink only when the graph changes (load,
 * add-dep, rm-dep, unload): never on a hot path, so they live outside the hot-path classes.
 */
final class EdgeArrays {

    private EdgeArrays() {
    }

    static ServiceEdge[] grow(ServiceEdge[] a) {
        ServiceEdge[] b = new ServiceEdge[Math.max(4, a.length * 2)];
        System.arraycopy(a, 0, b, 0, a.length);
        return b;
    }

    /** Removes {@code e} from the first {@code n} slots, keeping order; returns the new count. */
    static int remove(ServiceEdge[] a, int n, ServiceEdge e) {
        for (int i = 0; i < n; i++) {
            if (a[i] == e) {
                System.arraycopy(a, i + 1, a, i, n - i - 1);
                a[n - 1] = null;
                return n - 1;
            }
        }
        return n;
    }
}
