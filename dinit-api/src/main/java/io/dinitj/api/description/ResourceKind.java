package io.dinitj.api.description;

/** A resource limit a service file may set, with its setting name. */
public enum ResourceKind {
    /** RLIMIT_NOFILE, {@code rlimit-nofile}. */
    NOFILE("rlimit-nofile"),
    /** RLIMIT_CORE, {@code rlimit-core}. */
    CORE("rlimit-core"),
    /** RLIMIT_DATA, {@code rlimit-data}. */
    DATA("rlimit-data"),
    /** RLIMIT_AS, {@code rlimit-addrspace}. */
    ADDRSPACE("rlimit-addrspace");

    private final String setting;

    ResourceKind(String setting) {
        this.setting = setting;
    }

    /**
     * Returns the setting name.
     *
     * @return the setting, such as {@code rlimit-nofile}
     */
    public String setting() {
        return setting;
    }
}
