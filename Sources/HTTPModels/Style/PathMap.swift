import Foundation

/// How a folder on this host is named on another (a shared filesystem mounted elsewhere): `LOCAL=REMOTE`
/// replaces the leading `LOCAL` of a path with `REMOTE`, so a trainer is told where it sees the reference images.
public struct PathMap: Sendable, Hashable {
    /// The prefix as this host sees it.
    public var local: String
    /// The same folder as the other host sees it.
    public var remote: String

    /// Parses `LOCAL=REMOTE` (both absolute paths); nil when it is not of that form.
    public init?(_ text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts.allSatisfy({ $0.hasPrefix("/") }) else { return nil }
        local = parts[0].hasSuffix("/") && parts[0].count > 1 ? String(parts[0].dropLast()) : parts[0]
        remote = parts[1].hasSuffix("/") && parts[1].count > 1 ? String(parts[1].dropLast()) : parts[1]
    }

    /// `path` as the other host sees it; unchanged when it is not under ``local``.
    public func apply(_ path: String) -> String {
        guard path == local || path.hasPrefix(local + "/") else { return path }
        return remote + path.dropFirst(local.count)
    }
}
