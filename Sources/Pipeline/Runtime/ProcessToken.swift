import Foundation

/// Names this process in leases and claims: host, pid and a random part, unique across hosts and restarts.
public enum ProcessToken {
    /// This process's token.
    public static let current = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
}
