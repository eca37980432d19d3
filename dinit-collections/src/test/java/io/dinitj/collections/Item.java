package io.dinitj.collections;

/** A test element that can sit on two lists of each kind and in two heaps at once. */
final class Item {
    final String name;
    final DList.Node<Item> a = new DList.Node<>(this);
    final DList.Node<Item> b = new DList.Node<>(this);
    final SList.Node<Item> sa = new SList.Node<>(this);
    final SList.Node<Item> sb = new SList.Node<>(this);
    final DHeap.Node<Item> ha = new DHeap.Node<>(this);
    final DHeap.Node<Item> hb = new DHeap.Node<>(this);

    Item(String name) {
        this.name = name;
    }

    static Item[] named(String... names) {
        Item[] items = new Item[names.length];
        for (int i = 0; i < names.length; i++) {
            items[i] = new Item(names[i]);
        }
        return items;
    }

    @Override
    public String toString() {
        return name;
    }
}
