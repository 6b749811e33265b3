import Foundation

/// Names and cleans up the temporary files the pipeline writes before renaming them into place.
///
/// A temporary file sits beside its target as `.<target>.<host>.<pid>.<random>.tmp`, so a sweep can tell whose it
/// is: one left by a process of this host that no longer runs (killed mid-write), or one older than the sweep's
/// age limit (left by any host), is removed; a live writer's file is left alone.
public enum TemporaryFile {
    /// This host's name as it appears in temporary file names (no dots).
    static let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: ".", with: "_")

    /// A fresh temporary sibling of `target`.
    public static func url(for target: URL) -> URL {
        URL(fileURLWithPath: path(for: target.path), isDirectory: false)
    }

    /// The path of a fresh temporary sibling of the file at `target` (a path string: no URL work).
    public static func path(for target: String) -> String {
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { target[...$0] } ?? ""
        let name = slash.map { target[target.index(after: $0)...] } ?? target[...]
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(folder).\(name).\(host).\(pid).\(String(repeating: "0", count: 8 - random.utf8.count))\(random).tmp"
    }

    /// This process's id, read once.
    private static let pid = getpid()

    /// Removes abandoned temporary files directly inside `directory`; returns their names.
    @discardableResult
    public static func sweep(_ directory: URL, olderThan age: TimeInterval = 600) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var removed: [String] = []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let url = directory.appendingPathComponent(name)
            guard isAbandoned(name: name, url: url, age: age) else { continue }
            if (try? FileManager.default.removeItem(at: url)) != nil { removed.append(name) }
        }
        return removed
    }

    private static func isAbandoned(name: String, url: URL, age: TimeInterval) -> Bool {
        let parts = name.split(separator: ".")
        if parts.count >= 4, String(parts[parts.count - 4]) == host, let pid = Int32(parts[parts.count - 3]),
           kill(pid, 0) != 0, errno == ESRCH {
            return true
        }
        let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
        return modified.map { Date().timeIntervalSince($0) > age } ?? false
    }
}
