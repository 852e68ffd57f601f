package dev.chirp.gateway.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.netty.util.NetUtil;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address a request is charged to when it has no user: the TCP peer, unless the peer is one of
 * {@code chirp.gateway.trusted-proxies}; then the nearest address in {@code X-Forwarded-For} (read from the right)
 * that is not a trusted proxy. Entries left of that one were written by the client and prove nothing. The server
 * itself never rewrites the peer from forwarded headers ({@code server.forward-headers-strategy: none}), and
 * {@code Forwarded} / {@code X-Real-IP} are not read: the proxies in front (an ingress) append to
 * {@code X-Forwarded-For}.
 */
@Component
class ClientAddress {

    private final List<Cidr> trustedProxies;

    ClientAddress(ClientAddressProperties properties) {
        this.trustedProxies = properties.trustedProxies().stream().map(Cidr::parse).toList();
    }

    String of(ServerWebExchange exchange) {
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        if (peer == null || peer.getAddress() == null) {
            return "unknown";
        }
        InetAddress address = peer.getAddress();
        if (!isTrusted(address)) {
            return address.getHostAddress();
        }
        List<String> forwardedFor = exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwardedFor.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(forwardedFor.get(i));
            if (hop == null) {
                break;
            }
            address = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return address.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** An IP literal, with an IPv4 port or IPv6 brackets removed; null when the entry is not one (no DNS lookup). */
    private static InetAddress literal(String entry) {
        String value = entry.trim();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            value = end > 0 ? value.substring(1, end) : value;
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            value = value.substring(0, value.indexOf(':'));
        }
        return NetUtil.createInetAddressFromIpAddressString(value);
    }

    /** An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
    record Cidr(byte[] network, int prefixLength) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.trim().split("/", 2);
            InetAddress address = NetUtil.createInetAddressFromIpAddressString(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("not an address block: " + cidr);
            }
            byte[] network = address.getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            return new Cidr(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit += 8) {
                int bits = Math.min(8, prefixLength - bit);
                int mask = (0xff << (8 - bits)) & 0xff;
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
