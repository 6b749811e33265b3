import DreamFrameCore
import Foundation

/// A "host" of its own for a test: a network namespace joined to this machine by a veth pair (the approach of
/// `ops/chaos/netns.py`). The host side of the pair carries ``hostAddress`` (services bind it), the namespace side
/// ``guestAddress`` and lo. ``cut()`` sets the host side down — the guest loses carrier, as if its cable were pulled:
/// nothing is refused or reset, packets just vanish — and ``restore()`` brings it back.
struct NetworkHost: Sendable {
    static let ip = "/usr/sbin/ip"

    let namespace: String
    let hostLink: String
    let guestLink: String
    let hostAddress: String
    let guestAddress: String

    /// The host `index` (0, 1, …) of this test process: names and a /24 derived from the pid, so a leftover of an
    /// earlier run is replaced and two test processes do not collide.
    init(index: Int) {
        let tag = "\(getpid() % 100_000)\(Character(UnicodeScalar(UInt8(97 + index))))"
        namespace = "dftest-\(tag)"
        hostLink = "dft\(tag)h"
        guestLink = "dft\(tag)g"
        let octet = 1 + Int(getpid() % 120) * 2 + index
        hostAddress = "10.232.\(octet).1"
        guestAddress = "10.232.\(octet).2"
    }

    /// Creates the namespace and the pair (removing a leftover of the same name first).
    func create() async throws {
        await destroy()
        try await ip("netns", "add", namespace)
        try await ip("link", "add", hostLink, "type", "veth", "peer", "name", guestLink)
        try await ip("link", "set", guestLink, "netns", namespace)
        try await ip("addr", "add", "\(hostAddress)/24", "dev", hostLink)
        try await ip("link", "set", hostLink, "up")
        try await ip("netns", "exec", namespace, Self.ip, "addr", "add", "\(guestAddress)/24", "dev", guestLink)
        try await ip("netns", "exec", namespace, Self.ip, "link", "set", guestLink, "up")
        try await ip("netns", "exec", namespace, Self.ip, "link", "set", "lo", "up")
    }

    /// The argument vector that runs a program inside the namespace (`ip netns exec` execs it in place).
    var launcher: [String] { [Self.ip, "netns", "exec", namespace] }

    /// Pulls the cable: the host side goes down.
    func cut() async throws { try await ip("link", "set", hostLink, "down") }

    /// Plugs it back in.
    func restore() async throws { try await ip("link", "set", hostLink, "up") }

    /// Removes the pair and the namespace (idempotent).
    func destroy() async {
        _ = try? await ChildProcess.capture(Self.ip, ["link", "del", hostLink])
        _ = try? await ChildProcess.capture(Self.ip, ["netns", "del", namespace])
    }

    private func ip(_ arguments: String...) async throws {
        let (status, output) = try await ChildProcess.capture(Self.ip, arguments)
        guard status == 0 else {
            throw IsolatedServices.ServicesError(description: "ip \(arguments.joined(separator: " ")) exited \(status): \(output)")
        }
    }
}
