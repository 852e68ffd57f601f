package dev.chirp.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on 127.0.0.1 in front of one of the shared servers, for outage tests that must not touch the server
 * itself (other runs use it). A second instance of the service under test is pointed at {@link #port()}; then
 * {@link #cut()} makes the server look dead, {@link #blackhole()} makes it look hung, and {@link #restore()} brings
 * it back, all without stopping anything.
 *
 * <ul>
 *   <li>{@code cut()}: every open connection is closed, and every new one is accepted and closed at once, as a
 *       crashed server's host answers (the port stays ours, so {@code restore()} cannot lose it).</li>
 *   <li>{@code blackhole()}: every open connection is closed; new ones are accepted and never answered, as behind a
 *       partition or a stuck process: what only client timeouts end.</li>
 *   <li>{@code restore()}: the connections of the outage are closed and new ones reach the server again.</li>
 *   <li>{@code dropNextRequest()}: the next bytes a client sends, on an open or a new connection, close that
 *       connection unanswered, as a server that closed an idle keep-alive connection just as the request left;
 *       everything after that passes again.</li>
 * </ul>
 *
 * <pre>{@code
 * try (CuttableProxy cassandra = CuttableProxy.to("127.0.0.1", 9042)) {
 *     start the service with "--spring.cassandra.contact-points=" + cassandra.address()
 *     cassandra.cut();      // Cassandra is down
 *     cassandra.restore();  // and back
 * }
 * }</pre>
 */
public final class CuttableProxy implements AutoCloseable {

    private enum State { OPEN, CUT, BLACKHOLE, CLOSED }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "cuttable-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile State state = State.OPEN;
    private final AtomicBoolean dropNextRequest = new AtomicBoolean();

    private CuttableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** A proxy on a free port of 127.0.0.1, forwarding to {@code host:port}. */
    public static CuttableProxy to(String host, int port) {
        try {
            return new CuttableProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}, as the services take contact points and bootstrap servers. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public void cut() {
        switchTo(State.CUT);
    }

    public void blackhole() {
        switchTo(State.BLACKHOLE);
    }

    public void restore() {
        switchTo(State.OPEN);
    }

    /** Arms a one-time drop: see the class comment. */
    public void dropNextRequest() {
        dropNextRequest.set(true);
    }

    @Override
    public void close() {
        switchTo(State.CLOSED);
        closeQuietly(listener);
        threads.shutdownNow();
    }

    /** Connections of the state left behind are closed, so no client keeps talking across the switch. */
    private void switchTo(State next) {
        state = next;
        sockets.forEach(CuttableProxy::closeQuietly);
        sockets.clear();
    }

    private void acceptLoop() {
        while (state != State.CLOSED) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            State now = state;
            if (now == State.OPEN) {
                threads.execute(() -> forward(client));
            } else if (now == State.BLACKHOLE) {
                track(client);
                threads.execute(() -> pump(client, OutputStream.nullOutputStream(), false));
            } else {
                closeQuietly(client);
            }
        }
    }

    private void forward(Socket client) {
        track(client);
        Socket server = new Socket();
        track(server);
        if (state != State.OPEN) {
            // cut while this connection was being set up: it belongs to the outage
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        try {
            server.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            OutputStream toServer = server.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            threads.execute(() -> pump(server, toClient, false));
            pump(client, toServer, true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Copies until either side closes, then closes both: a half-open pair would look alive to the client. */
    private void pump(Socket from, OutputStream to, boolean fromClient) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                if (fromClient && dropNextRequest.compareAndSet(true, false)) {
                    return;
                }
                to.write(buffer, 0, read);
                to.flush();
            }
        } catch (IOException e) {
            // one side went away; both are closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
        }
    }

    private void track(Socket socket) {
        sockets.add(socket);
        if (state == State.CLOSED) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
