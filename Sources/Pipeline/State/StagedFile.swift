import Foundation

/// A file written in pieces and put in place whole: appends go through a small buffer into a temporary sibling of
/// the target (``TemporaryFile``), and ``commit()`` puts it on disk and renames it over the target — or drops it when
/// the target already holds exactly these bytes, so re-writing unchanged content touches nothing. Readers never see a
/// partial file, and however large the file, the writer holds only its buffer.
///
/// Not thread-safe: one writer owns it. A staged file that is never committed removes its temporary file.
public final class StagedFile {
    /// Where the file goes.
    public let target: URL
    private let temporary: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferSize = 1 << 16
    private var flushed = 0
    /// Bytes appended so far.
    public var size: Int { flushed + buffer.count }

    /// Opens a fresh temporary sibling of `target` (creating the target's folder when missing).
    public init(target: URL) throws {
        self.target = target
        temporary = TemporaryFile.url(for: target)
        descriptor = Self.create(temporary.path)
        if descriptor < 0, errno == ENOENT {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            descriptor = Self.create(temporary.path)
        }
        guard descriptor >= 0 else { throw Self.error("create", temporary) }
        buffer.reserveCapacity(bufferSize)
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporary.path)
        }
    }

    private static func create(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    }

    /// Appends `bytes`.
    public func append<Bytes: Sequence>(_ bytes: Bytes) throws where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Appends `text` as UTF-8.
    public func append(_ text: String) throws {
        try append(text.utf8)
    }

    /// Appends `data`: through the buffer when it is small, straight to the file when it would fill the buffer (a
    /// movie's encoded dataset entries are copied without growing the buffer to their size).
    public func append(_ data: Data) throws {
        guard buffer.count + data.count >= bufferSize else {
            buffer.append(contentsOf: data)
            return
        }
        try flush()
        try data.withUnsafeBytes { try writeAll($0) }
        flushed += data.count
    }

    /// Appends `count` bytes of the open file `source` from `offset`, read into the buffer a buffer's worth at a
    /// time (a kept piece of a dataset is copied without ever being held whole).
    public func append(contentsOf source: Int32, offset: Int, count: Int) throws {
        var copied = 0
        while copied < count {
            if buffer.count >= bufferSize { try flush() }
            let room = min(bufferSize - buffer.count, count - copied)
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: room))
            let read = buffer.withUnsafeMutableBytes {
                pread(source, $0.baseAddress! + start, room, off_t(offset + copied))
            }
            buffer.removeLast(room - max(read, 0))
            if read < 0, errno == EINTR { continue }
            guard read > 0 else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey:
                    "read failed at \(offset + copied) (\(read < 0 ? String(cString: strerror(errno)) : "end of file"))"])
            }
            copied += read
        }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try writeAll($0) }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.error("write", temporary)
            }
            offset += written
        }
    }

    /// Appends everything written to this file so far to `other` (this one stays uncommitted: a scratch file).
    public func copy(into other: StagedFile) throws {
        try flush()
        guard let reader = FileHandle(forReadingAtPath: temporary.path) else { throw Self.error("open", temporary) }
        defer { try? reader.close() }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            try other.append(chunk)
        }
    }

    /// Puts the file in place: flushed, synced and renamed over the target, unless the target already holds the same
    /// bytes (then the temporary file is removed). Returns whether the target changed. The staged file is spent after.
    @discardableResult
    public func commit() throws -> Bool {
        precondition(descriptor >= 0, "StagedFile committed twice")
        defer { descriptor = -1 }
        do {
            try flush()
            guard fsync(descriptor) == 0 else { throw Self.error("fsync", temporary) }
            close(descriptor)
            if Self.sameContents(temporary, target) {
                unlink(temporary.path)
                return false
            }
            guard rename(temporary.path, target.path) == 0 else { throw Self.error("rename", target) }
            return true
        } catch {
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
    }

    /// Whether the files at `a` and `b` exist and hold the same bytes (read a chunk at a time).
    static func sameContents(_ a: URL, _ b: URL) -> Bool {
        var statA = stat(), statB = stat()
        guard stat(a.path, &statA) == 0, stat(b.path, &statB) == 0, statA.st_size == statB.st_size else { return false }
        guard let one = FileHandle(forReadingAtPath: a.path), let other = FileHandle(forReadingAtPath: b.path) else { return false }
        defer { try? one.close(); try? other.close() }
        while true {
            let left = (try? one.read(upToCount: 1 << 20)) ?? nil, right = (try? other.read(upToCount: 1 << 20)) ?? nil
            if left != right { return false }
            if left == nil || left!.isEmpty { return true }
        }
    }

    private static func error(_ operation: String, _ url: URL) -> Error {
        CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                 NSLocalizedDescriptionKey: "\(operation) failed: \(String(cString: strerror(errno)))"])
    }
}
