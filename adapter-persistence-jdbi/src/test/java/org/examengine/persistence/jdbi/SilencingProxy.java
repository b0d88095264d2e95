package org.examengine.persistence.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay on 127.0.0.1 to a local port whose open flows can be silenced: their bytes are dropped from then on,
 * with no reset or close, as a firewall or NAT does to a flow it forgot. Flows opened later carry bytes again.
 */
final class SilencingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<AtomicBoolean> flows = new CopyOnWriteArrayList<>();

    SilencingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "silencing-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every flow open now drops its bytes from here on. */
    void silenceOpenFlows() {
        flows.forEach(f -> f.set(true));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                AtomicBoolean silent = new AtomicBoolean();
                flows.add(silent);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream, silent);
                pipe(upstream, client, silent);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to, AtomicBoolean silent) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!silent.get()) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // The flow ended.
            }
        }, "silencing-proxy-flow");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
