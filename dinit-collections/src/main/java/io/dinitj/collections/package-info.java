/**
 * Intrusive, allocation-free collections for code that must not fail: {@link
 * io.dinitj.collections.DList} and {@link io.dinitj.collections.SList} (lists whose links live
 * inside the elements), {@link io.dinitj.collections.DHeap} (a d-ary min-heap whose positions
 * live inside the elements, for timers), {@link io.dinitj.collections.ByteRing} (a fixed-size byte
 * FIFO that reports "full" by value and counts what it dropped) and {@link
 * io.dinitj.collections.IntObjectMap} (an int-keyed map with no boxing).
 *
 * <p>Once sized, none of their operations allocates, and none throws on valid use; misuse is
 * reported by an exception naming the operation and the element. None is thread safe. The
 * library depends on nothing but {@code java.base}. {@link io.dinitj.collections.HotPath} marks
 * the code that promises this, and the build checks the promise.
 */
package io.dinitj.collections;
