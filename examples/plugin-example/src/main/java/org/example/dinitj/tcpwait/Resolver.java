package org.example.dinitj.tcpwait;

import java.net.InetAddress;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Looks host names up without blocking the caller: a lookup may take seconds (a slow or absent
 * name server), and behaviours run on the daemon's event-loop thread, which must never wait.
 * The caller polls the future from its own timer; nothing here calls back into the daemon.
 */
interface Resolver {

    /**
     * Starts looking a name up.
     *
     * @param host a host name
     * @return the lookup; it completes with the address, or fails with the
     *     {@link java.net.UnknownHostException}; {@code get()} blocks only until it is done
     */
    Future<InetAddress> resolve(String host);

    /**
     * One helper thread for every lookup of the type's services, in turn: a daemon thread
     * (it never holds the daemon's exit), started on the first lookup and ended after 30 s
     * without work. The queue holds at most one lookup per service, as a service starts a
     * lookup only when its last one is done.
     *
     * @return the resolver
     */
    static Resolver onHelperThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "tcp-wait-resolver");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return host -> executor.submit(() -> InetAddress.getByName(host));
    }
}
