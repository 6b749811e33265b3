import Models
import Clients
import DreamFrameCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so readers never see a partial one and concurrent writers never corrupt each other:
/// write a unique temporary file in the same directory, sync it, then rename over the target.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating parent directories (only when the first write finds them
    /// missing: a folder that exists costs no look).
    public static func write(_ data: Data, to url: URL) throws {
        try write(data, toPath: url.path)
    }

    /// Writes `data` to the file at `path` atomically: POSIX calls on a path string, no URL or Foundation file
    /// writing on the way (a renderer writes a frame per message, and those cost it more than the write itself).
    /// The data is synced before the rename, so a file in place survives a crash of the machine too.
    public static func write(_ data: Data, toPath path: String) throws {
        let temporary = TemporaryFile.path(for: path)
        var descriptor = create(temporary)
        if descriptor < 0, errno == ENOENT {
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            descriptor = create(temporary)
        }
        guard descriptor >= 0 else { throw failure("create", temporary) }
        do {
            try data.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure("write", temporary)
                    }
                    offset += written
                }
            }
            guard fsync(descriptor) == 0 else { throw failure("fsync", temporary) }
            guard close(descriptor) == 0 else {
                descriptor = -1
                throw failure("close", temporary)
            }
            descriptor = -1
            guard rename(temporary, path) == 0 else { throw failure("rename", path) }
        } catch {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    private static func create(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    }

    private static func failure(_ operation: String, _ path: String) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                 NSLocalizedDescriptionKey: "\(operation) failed: \(String(cString: strerror(errno)))"])
    }

    /// Encodes `value` as pretty, key-sorted JSON and writes it atomically.
    public static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        try write(JSONCoding.pretty(value), to: url)
    }
}
