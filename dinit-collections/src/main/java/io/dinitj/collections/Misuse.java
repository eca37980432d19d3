package io.dinitj.collections;

/**
 * Builds the exceptions that report misuse of a collection. Kept apart from the collections so
 * that their hot-path methods contain no string building; only the throwing path allocates.
 */
final class Misuse {

    private Misuse() {
    }

    static IllegalStateException alreadyQueued(String operation, Object element) {
        return new IllegalStateException(operation + ": element " + describe(element)
                + " is already on this collection; remove it first");
    }

    static IllegalStateException onAnotherCollection(String operation, Object element) {
        return new IllegalStateException(operation + ": element " + describe(element)
                + " is on another collection through the same node; give each collection its own"
                + " node in the element");
    }

    static IllegalStateException notQueued(String operation, Object element) {
        return new IllegalStateException(operation + ": element " + describe(element)
                + " is not on this collection");
    }

    static IllegalStateException foreignNode(String operation, Object element) {
        return new IllegalStateException(operation + ": the node extractor returned a node owned"
                + " by another element than " + describe(element)
                + "; each element must return its own node");
    }

    static NullPointerException nullElement(String operation) {
        return new NullPointerException(operation + ": element must not be null");
    }

    private static String describe(Object element) {
        try {
            return String.valueOf(element);
        } catch (RuntimeException e) {
            // A broken toString must not hide the misuse being reported.
            return element.getClass().getName() + "@"
                    + Integer.toHexString(System.identityHashCode(element));
        }
    }
}
