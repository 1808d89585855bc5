package io.meshwork.core.contract;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** A network in CIDR notation, IPv4 or IPv6, e.g. {@code 10.0.0.0/8} or {@code ::1/128}. */
public record Cidr(String text, byte[] network, int prefix) {

    /** Parses CIDR notation; empty when it is not valid. Takes addresses only: no host names are resolved. */
    public static Optional<Cidr> parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2 || !looksLikeAddress(parts[0])) {
            return Optional.empty();
        }
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > address.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(text.trim(), address, prefix));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the address (an IP literal) lies in this network. */
    public boolean contains(String address) {
        if (!looksLikeAddress(address)) {
            return false;
        }
        byte[] candidate;
        try {
            candidate = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean looksLikeAddress(String text) {
        return text.matches("[0-9.]+") || text.contains(":");
    }

    @Override
    public String toString() {
        return text;
    }
}
