import DreamFrameCore
import Foundation
import Models

/// A validated movie's share of its run's dataset, encoded once: its elements of each dataset JSON file exactly as the
/// file holds them, its gallery section and its counts. An export of a run appends every movie's piece, so exporting
/// a thousand-movie run is a copy of bytes, not a thousand records decoded and their QA encoded again (the QA
/// validator re-exports a long run every few minutes: its CPU per movie grew with the run's size).
///
/// Kept beside the movie's record as `.dataset-piece` (``OutputLayout/datasetPiece(_:)``) with the ``key`` it was made for: the
/// record's and the story's file identities, the video's path and the gallery's strip length. A piece whose key does
/// not match, or that cannot be read whole, is made again from the record; it is a cache, never the source.
struct DatasetPiece: Equatable {
    var instruct: JSONArrayStream.Elements
    var conversations: JSONArrayStream.Elements
    /// The movie's one multi-turn conversation (written only to datasets that have that file).
    var multiTurn: JSONArrayStream.Elements
    var rejects: JSONArrayStream.Elements
    /// The movie's gallery section (empty when made without a gallery).
    var gallery: Data
    /// The movie's counts for the card and the quality figures.
    var tally: DatasetTally

    /// The piece of `record` (a movie of `runId`), whose video is at `video` relative to the dataset folder; `gallery`
    /// writes its section.
    init(record: MovieRecord, runId: String, video: String, gallery: GalleryWriter?,
         encoder: JSONEncoder = JSONCoding.prettyEncoder()) throws {
        let content = DatasetContent(movies: [DatasetContent.Movie(record: record, video: video)])
        instruct = try JSONArrayStream.Elements(content.instruct, encoder: encoder)
        conversations = try JSONArrayStream.Elements(content.conversations, encoder: encoder)
        multiTurn = try JSONArrayStream.Elements(content.multiTurn, encoder: encoder)
        rejects = try JSONArrayStream.Elements(content.rejects, encoder: encoder)
        self.gallery = gallery.map { Data($0.section(runId: runId, record: record).utf8) } ?? Data()
        tally = DatasetTally()
        tally.add(record)
    }

    /// What a piece of `movie` is valid for: its record and story as they are on disk now (device, inode, size and
    /// modification time: a rewrite renames a new file in), its video's path and the strip length; nil without a
    /// record.
    static func key(for movie: MovieRef, layout: OutputLayout, video: String, stripLength: Int) -> String? {
        func identity(_ url: URL) -> String? {
            var info = stat()
            guard stat(url.path, &info) == 0 else { return nil }
            return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        guard let record = identity(layout.record(movie)) else { return nil }
        return "v1 record \(record) story \(identity(layout.story(movie)) ?? "-") strip \(stripLength) video \(video)"
    }
}

extension DatasetPiece {
    static let magic = Array("dreamframe-dataset-piece\n".utf8)

    /// What a piece's file says of it before its bytes.
    struct Header: Codable {
        var key: String
        /// Elements of instruct, conversations, multi-turn and rejects.
        var counts: [Int]
        /// Bytes of the same four, then of the gallery section, in the order they follow the header
        /// (``StoredDatasetPiece/Part``).
        var lengths: [Int]
        var tally: DatasetTally
    }

    /// The piece's file: a line naming the format, a line of JSON (the key, the element counts and byte lengths, the
    /// tally), then the encoded bytes.
    func encoded(key: String) throws -> Data {
        let parts = [instruct, conversations, multiTurn, rejects]
        let header = Header(key: key, counts: parts.map(\.count), lengths: parts.map(\.bytes.count) + [gallery.count],
                            tally: tally)
        var data = Data(Self.magic)
        data.append(try JSONCoding.compactEncoder().encode(header))
        data.append(UInt8(ascii: "\n"))
        parts.forEach { data.append($0.bytes) }
        data.append(gallery)
        return data
    }
}
