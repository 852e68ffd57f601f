package dev.chirp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a local echo server: forwards, cuts, blackholes, drops one request and restores. */
class CuttableProxyTest {

    private ServerSocket echo;
    private CuttableProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread connection = new Thread(() -> {
                        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the test closed it
                        }
                    });
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        proxy = CuttableProxy.to("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsUntilCutThenRefusesAndForwardsAgainAfterRestore() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before, "hello")).isEqualTo("hello");
            proxy.cut();
            assertThatThrownBy(() -> roundTrip(before, "lost")).isInstanceOf(IOException.class);
        }
        try (Socket during = connect()) {
            assertThatThrownBy(() -> roundTrip(during, "refused")).isInstanceOf(IOException.class);
        }
        proxy.restore();
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "again")).isEqualTo("again");
        }
    }

    @Test
    void dropNextRequestClosesOnlyTheConnectionThatSendsNext() throws IOException {
        try (Socket kept = connect()) {
            assertThat(roundTrip(kept, "first")).isEqualTo("first");
            proxy.dropNextRequest();
            assertThatThrownBy(() -> roundTrip(kept, "unanswered")).isInstanceOf(IOException.class);
        }
        try (Socket fresh = connect()) {
            assertThat(roundTrip(fresh, "answered")).isEqualTo("answered");
        }
    }

    @Test
    void aBlackholeAcceptsButNeverAnswers() throws IOException {
        proxy.blackhole();
        try (Socket hung = connect()) {
            hung.setSoTimeout(300);
            hung.getOutputStream().write("anyone?".getBytes());
            assertThatThrownBy(() -> hung.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(2_000);
        return socket;
    }

    /** Reads back as many bytes as were sent; end of stream before that is an IOException. */
    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] sent = text.getBytes();
        socket.getOutputStream().write(sent);
        byte[] received = socket.getInputStream().readNBytes(sent.length);
        if (received.length < sent.length) {
            throw new IOException("closed after " + received.length + " bytes");
        }
        return new String(received);
    }
}
