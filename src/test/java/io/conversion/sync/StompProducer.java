package io.conversion.sync;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A STOMP 1.2 client speaking raw frames over a socket, as any non-Java client of the broker would. */
public final class StompProducer {

    private StompProducer() {
    }

    /** Sends one message to an anycast queue as the test suite's intake producer and waits for the receipt. */
    public static void send(int port, String queue, String contentType, String body) throws Exception {
        send(port, TestBroker.PRODUCER_USER, TestBroker.PRODUCER_PASSWORD, queue, contentType, body);
    }

    /** Sends one message with this login (null: none) and waits for the broker's receipt. */
    public static void send(int port, String login, String passcode, String queue, String contentType, String body)
            throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            connect(socket, login, passcode);
            out.write(frame("SEND", "destination:" + queue + "\ndestination-type:ANYCAST\ncontent-type:" + contentType
                    + "\nreceipt:r1\n", body));
            String receipt = readFrame(socket.getInputStream());
            if (!receipt.startsWith("RECEIPT")) {
                throw new IllegalStateException("STOMP send not acknowledged: " + receipt);
            }
            out.write(frame("DISCONNECT", "", ""));
        }
    }

    /**
     * Subscribes with this login and answers the broker's first frame after the subscription: an ERROR frame when
     * the subscription is refused, else the RECEIPT.
     */
    public static String subscribe(int port, String login, String passcode, String destination, String type)
            throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            connect(socket, login, passcode);
            socket.getOutputStream().write(frame("SUBSCRIBE", "id:s1\ndestination:" + destination
                    + "\ndestination-type:" + type + "\nack:client\nreceipt:r2\n", ""));
            return readFrame(socket.getInputStream());
        }
    }

    /** Connects and answers the broker's reply frame (CONNECTED, or ERROR). */
    public static String connectReply(int port, String login, String passcode) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(connectFrame(login, passcode));
            return readFrame(socket.getInputStream());
        }
    }

    private static void connect(Socket socket, String login, String passcode) throws Exception {
        socket.getOutputStream().write(connectFrame(login, passcode));
        String connected = readFrame(socket.getInputStream());
        if (!connected.startsWith("CONNECTED")) {
            throw new IllegalStateException("STOMP connect refused: " + connected);
        }
    }

    private static byte[] connectFrame(String login, String passcode) {
        String credentials = login == null ? "" : "login:" + login + "\npasscode:" + passcode + "\n";
        return frame("CONNECT", "accept-version:1.2\nhost:localhost\n" + credentials, "");
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
