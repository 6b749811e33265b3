import Foundation

extension AMQPURL {
    /// The RabbitMQ management API root this broker most likely serves, when none is given: the same host, the AMQP
    /// port plus 10000 (RabbitMQ's own pairing: 5672 → 15672, 5671 → 15671; the local node's 5673 → 15673, a
    /// cluster's 5730 → 15730), `https` for an `amqps://` broker. The API takes the URL's user and password.
    public var derivedManagementURL: URL {
        let scheme = tls == nil ? "http" : "https"
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let shownHost = bare.contains(":") ? "[\(bare)]" : bare
        let port = self.port + 10_000 <= 65_535 ? self.port + 10_000 : 15_672
        return URL(string: "\(scheme)://\(shownHost):\(port)") ?? URL(string: "\(scheme)://127.0.0.1:\(port)")!
    }
}
