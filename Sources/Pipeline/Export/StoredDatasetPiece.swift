import DreamFrameCore
import Foundation

/// A movie's ``DatasetPiece`` as kept on disk, open for copying: its header read, its parts copied from the file into
/// the dataset files a buffer at a time, so an export holds no piece in memory however large the movie's QA.
final class StoredDatasetPiece {
    let header: DatasetPiece.Header
    private let descriptor: Int32
    /// Where each ``Part`` starts in the file.
    private let offsets: [Int]

    /// The piece kept at `url` when it was made for `key` and is whole (its parts add up to the file's size); nil
    /// when it is missing, torn, of another format or made for another key.
    init?(url: URL, key: String) {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard let (header, start) = Self.readHeader(descriptor), header.key == key, header.counts.count == 4,
              header.lengths.count == 5, header.lengths.allSatisfy({ $0 >= 0 }) else {
            close(descriptor)
            return nil
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, Int(info.st_size) == start + header.lengths.reduce(0, +) else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.header = header
        offsets = header.lengths.indices.map { index in start + header.lengths[..<index].reduce(0, +) }
    }

    deinit { close(descriptor) }

    /// The parts of a piece's file, in the order they follow its header.
    enum Part: Int {
        case instruct, conversations, multiTurn, rejects, gallery
    }

    /// The elements of a JSON array part (the gallery section has none).
    func elements(_ part: Part) -> Int { part == .gallery ? 0 : header.counts[part.rawValue] }

    /// Copies `part` to the end of `file`.
    func copy(_ part: Part, into file: StagedFile) throws {
        try file.append(contentsOf: descriptor, offset: offsets[part.rawValue], count: header.lengths[part.rawValue])
    }

    /// The header and where the parts start: the format line, then a line of JSON (read a few kilobytes at a time).
    private static func readHeader(_ descriptor: Int32) -> (DatasetPiece.Header, Int)? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        let limit = 1 << 20
        while bytes.count < limit {
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(bytes.count)) }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { return nil }
            bytes += chunk[..<read]
            guard bytes.count >= DatasetPiece.magic.count else { continue }
            guard bytes.starts(with: DatasetPiece.magic) else { return nil }
            if let end = bytes[DatasetPiece.magic.count...].firstIndex(of: UInt8(ascii: "\n")) {
                guard let header = try? JSONDecoder().decode(DatasetPiece.Header.self,
                                                             from: Data(bytes[DatasetPiece.magic.count..<end])) else { return nil }
                return (header, end + 1)
            }
        }
        return nil
    }
}
