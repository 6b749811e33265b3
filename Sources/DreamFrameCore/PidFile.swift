import Foundation

/// A pid file (`--pid-file`): the process's id in decimal and a newline, written when it starts and removed when it
/// stops, so an init script or an operator finds the process without `pgrep`.
///
/// It refuses to start a second process on a file whose pid is alive; a stale file (its process gone) is replaced.
/// The file is written through a temporary name and a rename, so a reader never sees half of it; it is removed only
/// while it still names this process.
public struct PidFile: Sendable {
    /// The file's path.
    public let path: String
    /// The pid it holds for this process.
    public let pid: Int32

    /// A pid file at `path` for `pid` (this process by default); nothing is written yet.
    public init(path: String, pid: Int32 = getpid()) {
        self.path = path
        self.pid = pid
    }

    /// The pid the file names, nil when there is none or it holds no number.
    public static func read(_ path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether a process with `pid` exists (`kill(pid, 0)`; a process of another user counts).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Writes the file; throws a ``ConfigurationError`` naming `--pid-file` when another live process holds it or
    /// the folder cannot be written.
    public func create() throws {
        if let other = Self.read(path), other != pid, Self.isAlive(other) {
            throw ConfigurationError.invalid("--pid-file", value: path,
                                             expected: "a pid file no running process holds (pid \(other) is running)")
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(pid).tmp")
        do {
            try Data("\(pid)\n".utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ConfigurationError.invalid("--pid-file", value: path,
                                             expected: "a path in a folder this process may write (\(error.localizedDescription))")
        }
    }

    /// Removes the file if it still names this process; returns whether it did.
    @discardableResult
    public func remove() -> Bool {
        guard Self.read(path) == pid else { return false }
        return unlink(path) == 0
    }
}
