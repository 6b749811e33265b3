import Models
import Clients
import DreamFrameCore
import Foundation

/// Writes files so readers never see a partial one and concurrent writers never corrupt each other:
/// write a unique temporary file in the same directory, then rename over the target.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating parent directories (only when the first write finds them
    /// missing: a folder that exists costs no look).
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = TemporaryFile.url(for: url)
        do {
            do {
                try data.write(to: temporary)
            } catch {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: temporary)
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                               NSLocalizedDescriptionKey: "rename failed: \(String(cString: strerror(errno)))"])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Encodes `value` as pretty, key-sorted JSON and writes it atomically.
    public static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        try write(JSONCoding.pretty(value), to: url)
    }
}
