package io.conversion.sync;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A STOMP 1.2 producer speaking raw frames over a socket, as any non-Java client of the broker would. */
public final class StompProducer {

    private StompProducer() {
    }

    /** Sends one message to an anycast queue and waits for the broker's receipt. */
    public static void send(int port, String queue, String contentType, String body) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(frame("CONNECT", "accept-version:1.2\nhost:localhost\n", ""));
            String connected = readFrame(socket.getInputStream());
            if (!connected.startsWith("CONNECTED")) {
                throw new IllegalStateException("STOMP connect refused: " + connected);
            }
            out.write(frame("SEND", "destination:" + queue + "\ndestination-type:ANYCAST\ncontent-type:" + contentType
                    + "\nreceipt:r1\n", body));
            String receipt = readFrame(socket.getInputStream());
            if (!receipt.startsWith("RECEIPT")) {
                throw new IllegalStateException("STOMP send not acknowledged: " + receipt);
            }
            out.write(frame("DISCONNECT", "", ""));
        }
    }

    private static byte[] frame(String command, String headers, String body) {
        return (command + "\n" + headers + "\n" + body + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static String readFrame(InputStream in) throws Exception {
        var buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != 0) {
            buf.write(b);
        }
        return buf.toString(StandardCharsets.UTF_8).stripLeading();
    }
}
