import Foundation

/// Reads a file's bytes with POSIX calls, for files Foundation reads badly: on Linux, Foundation leaks a 4 KiB buffer
/// each time it reads an empty file (swift-foundation's zero-size path of `readBytesFromFile`) — a child's log is
/// usually empty, and a long-running worker reading one per movie grew for as long as it ran — and a log followed
/// while it grows is read from where the last read ended instead of whole each time.
public enum FileBytes {
    /// The bytes of the file at `path` from `offset` to its end (none when it ends before), or nil when it cannot be
    /// opened. A read error ends the bytes where it happened.
    public static func read(_ path: String, from offset: Int = 0) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        var position = max(0, offset)
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
            position += count
        }
        return bytes
    }
}
