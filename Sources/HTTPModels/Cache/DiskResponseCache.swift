import DreamFrameCore
import Foundation

/// A ``ModelResponseCache`` in a folder, bounded in size: one file per request, named by a 128-bit digest of the
/// request bytes, holding the request itself (compared on read, so a digest collision is a miss, never a wrong
/// answer) and the answer. Written through a temporary file and a rename, so a killed process never leaves a torn
/// entry; when the folder grows past ``maxBytes`` the least recently used entries (by modification time, touched on
/// every hit) are removed. Point several hosts at one shared folder to share it.
public actor DiskResponseCache: ModelResponseCache {
    /// The folder.
    public nonisolated let directory: URL
    /// The size bound of the folder's entries.
    public nonisolated let maxBytes: Int
    private var approximateBytes: Int?
    private let files = FileManager.default

    /// A cache in `directory` (created when needed) of at most `maxBytes`.
    public init(directory: URL, maxBytes: Int = 1 << 30) {
        self.directory = directory
        self.maxBytes = max(1 << 16, maxBytes)
    }

    /// The entry file of `request`.
    func path(for request: Data) -> URL {
        let high = StableHash.fnv1a(request)
        let low = StableHash.fnv1a(request, basis: 0x84222325CBF29CE4)
        let name = StableHash.hex(high) + StableHash.hex(low)
        return directory.appendingPathComponent(String(name.prefix(2)), isDirectory: true)
            .appendingPathComponent(name + ".entry")
    }

    public func answer(for request: Data) -> Data? {
        let file = path(for: request)
        guard let data = try? Data(contentsOf: file), let entry = Self.decode(data), entry.request == request else { return nil }
        try? files.setAttributes([.modificationDate: Date()], ofItemAtPath: file.path)
        return entry.answer
    }

    public func store(_ answer: Data, for request: Data) {
        let file = path(for: request)
        let folder = file.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).\(UInt64.random(in: 0...UInt64.max))")
        do {
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
            let bytes = Self.encode(request: request, answer: answer)
            try bytes.write(to: temporary)
            if rename(temporary.path, file.path) != 0 { throw CocoaError(.fileWriteUnknown) }
            approximateBytes = (approximateBytes ?? currentBytes()) + bytes.count
            if let total = approximateBytes, total > maxBytes { evict() }
        } catch {
            try? files.removeItem(at: temporary)
        }
    }

    /// The entries' total size now.
    func currentBytes() -> Int { entries().reduce(0) { $0 + $1.size } }

    /// Removes least recently used entries until the folder holds at most 3/4 of the bound.
    func evict() {
        var all = entries().sorted { $0.used < $1.used }
        var total = all.reduce(0) { $0 + $1.size }
        while total > maxBytes * 3 / 4, !all.isEmpty {
            let oldest = all.removeFirst()
            try? files.removeItem(at: oldest.url)
            total -= oldest.size
        }
        approximateBytes = total
    }

    private func entries() -> [(url: URL, size: Int, used: Date)] {
        let keys: [URLResourceKey] = [.fileSizeKey, .contentModificationDateKey]
        guard let walker = files.enumerator(at: directory, includingPropertiesForKeys: keys) else { return [] }
        var found: [(url: URL, size: Int, used: Date)] = []
        for case let url as URL in walker where url.pathExtension == "entry" {
            let values = try? url.resourceValues(forKeys: Set(keys))
            found.append((url, values?.fileSize ?? 0, values?.contentModificationDate ?? .distantPast))
        }
        return found
    }

    /// `<request length, 8 bytes little endian><request><answer>`.
    static func encode(request: Data, answer: Data) -> Data {
        var length = UInt64(request.count).littleEndian
        var data = Data(bytes: &length, count: 8)
        data.append(request)
        data.append(answer)
        return data
    }

    static func decode(_ data: Data) -> (request: Data, answer: Data)? {
        guard data.count >= 8 else { return nil }
        let length = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(data.count - 8) else { return nil }
        let start = data.startIndex + 8
        let split = start + Int(length)
        return (Data(data[start..<split]), Data(data[split...]))
    }
}
