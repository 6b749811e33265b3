import BuiltInModels
import DreamFrameCore
import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models

/// The dataset is written movie by movie (the QA validator re-exports runs of a thousand movies): the streamed files
/// are exactly the whole-array JSON, unchanged files are left alone, and nothing temporary stays behind.
@Suite("Streamed dataset export")
struct DatasetStreamingTests {
    static func streamed<Element: Encodable>(_ elements: [Element], in folder: URL) throws -> Data {
        let url = folder.appendingPathComponent("array-\(UUID().uuidString).json")
        var stream = try JSONArrayStream(target: url)
        try elements.forEach { try stream.append($0) }
        try stream.commit()
        return try Data(contentsOf: url)
    }

    @Test("a JSON array streamed element by element is byte for byte the pretty JSON of the whole array")
    func arraysMatch() throws {
        let folder = try TestPaths.temporaryDirectory("df-stream")
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty: [[String: String]] = []
        #expect(try Self.streamed(empty, in: folder) == JSONCoding.pretty(empty))
        let strings: [[String: String]] = [["video_id": "run.m.1", "q": "Why \"here\"?\nA/B", "a": "Ünïcode ✓ — \\ end"],
                                           ["video_id": "", "q": "", "a": " leading and trailing "]]
        #expect(try Self.streamed(strings, in: folder) == JSONCoding.pretty(strings))
        let conversations = [
            ConversationRecord(id: "a.q001", videoId: "a", video: "../videos/a/frames", conversations: []),
            ConversationRecord(id: "a.q002", videoId: "a", video: "v", conversations: [.init(from: "human", value: "<video>\nWhy?"),
                                                                                          .init(from: "gpt", value: "Because.")]),
        ]
        #expect(try Self.streamed(conversations, in: folder) == JSONCoding.pretty(conversations),
                "an empty nested array keeps its blank line unindented")
        let rejects: [[String: AnyCodable]] = [["reasons": .strings([]), "support": .number(0.25), "id": .string("x")]]
        #expect(try Self.streamed(rejects, in: folder) == JSONCoding.pretty(rejects))
        let many = (0..<5_000).map { ["i": String($0), "text": String(repeating: "word ", count: $0 % 40)] }
        #expect(try Self.streamed(many, in: folder) == JSONCoding.pretty(many), "past the staging buffer")
    }

    @Test("a run's streamed dataset holds what the whole-run content holds, and re-exporting it rewrites nothing")
    func exportMatchesAndIsStable() async throws {
        let root = try TestPaths.temporaryDirectory("df-stream-run")
        defer { try? FileManager.default.removeItem(at: root) }
        let records = try await SampleRuns.write(runId: "run-s", movies: 3, seed: 11, under: root)
        let layout = OutputLayout(root: root.path)
        let dataset = layout.datasetDirectory("run-s")
        let exporter = DatasetExporter(layout: layout)
        let whole = DatasetContent(movies: records.map {
            .init(record: $0, video: exporter.videoPath(for: MovieRef(runId: "run-s", movieId: $0.videoId), from: dataset))
        })
        #expect(try Data(contentsOf: dataset.appendingPathComponent(DatasetFiles.instruct)) == JSONCoding.pretty(whole.instruct))
        #expect(try Data(contentsOf: dataset.appendingPathComponent(DatasetFiles.conversations)) == JSONCoding.pretty(whole.conversations))
        #expect(try Data(contentsOf: dataset.appendingPathComponent(DatasetFiles.rejects)) == JSONCoding.pretty(whole.rejects))
        let gallery = layout.runDirectory("run-s").appendingPathComponent("index.html")
        #expect(try String(contentsOf: gallery, encoding: .utf8) == GalleryWriter(layout: layout).html(runId: "run-s", records: records))

        let files = [DatasetFiles.instruct, DatasetFiles.conversations, DatasetFiles.rejects, DatasetFiles.card]
            .map { dataset.appendingPathComponent($0) } + [gallery]
        let before = try files.map(Self.inode)
        let summary = try exporter.exportUntilStable(runId: "run-s", run: nil)
        #expect(try files.map(Self.inode) == before, "unchanged files are not replaced")
        #expect(summary.movies == 3 && summary.qaKept == whole.instruct.count && summary.qaRejected == whole.rejects.count)
        for folder in [dataset, layout.runDirectory("run-s")] {
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty, "temporary files left in \(folder.lastPathComponent): \(leftovers)")
        }

        try exporter.export(runId: "run-s", run: nil, records: Array(records.prefix(2)))
        #expect(try Self.inode(files[0]) != before[0], "a changed file is replaced")
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: files[0])) as? [Any] != nil)
    }

    @Test("a re-export copies each movie's encoded piece: byte for byte a fresh export; a rewritten record or a torn piece is encoded again")
    func piecesAreReused() async throws {
        let root = try TestPaths.temporaryDirectory("df-pieces")
        defer { try? FileManager.default.removeItem(at: root) }
        var records = try await SampleRuns.write(runId: "run-p", movies: 4, seed: 21, under: root)
        let layout = OutputLayout(root: root.path)
        let exporter = DatasetExporter(layout: layout, multiTurn: true)
        let dataset = layout.datasetDirectory("run-p")
        let names = [DatasetFiles.instruct, DatasetFiles.conversations, DatasetFiles.multiTurn, DatasetFiles.rejects,
                     DatasetFiles.card]
        let gallery = layout.runDirectory("run-p").appendingPathComponent("index.html")
        let contents = { try (names.map { dataset.appendingPathComponent($0) } + [gallery]).map { try Data(contentsOf: $0) } }

        let fresh = try exporter.export(runId: "run-p", run: nil, records: records)
        #expect(fresh.moviesEncoded == 4)
        let expected = try contents()
        let copied = try exporter.exportUntilStable(runId: "run-p", run: nil)
        #expect(copied.moviesEncoded == 0, "every movie's piece was made by the first export (SampleRuns)")
        #expect(try contents() == expected, "files from copied pieces are byte for byte the freshly encoded ones")

        // A movie validated again (its record rewritten): its piece no longer matches and is encoded again.
        let movie = MovieRef(runId: "run-p", movieId: records[1].videoId)
        records[1].kept.removeLast()
        try AtomicFile.writeJSON(records[1], to: layout.record(movie))
        let rewritten = try exporter.exportUntilStable(runId: "run-p", run: nil)
        #expect(rewritten.moviesEncoded == 1 && rewritten.qaKept == fresh.qaKept - 1)
        let afterRewrite = try contents()
        #expect(try exporter.export(runId: "run-p", run: nil, records: records).moviesEncoded == 4)
        #expect(try contents() == afterRewrite, "the re-encoded piece says what the new record says")

        // A piece cut short (a crash mid-write, a full disk) or written for another file is encoded again.
        let piece = layout.datasetPiece(MovieRef(runId: "run-p", movieId: records[2].videoId))
        let whole = try Data(contentsOf: piece)
        try whole.prefix(whole.count - 10).write(to: piece)
        try Data("dreamframe-dataset-piece\n{}\n".utf8).write(to: layout.datasetPiece(MovieRef(runId: "run-p", movieId: records[3].videoId)))
        #expect(try exporter.exportUntilStable(runId: "run-p", run: nil).moviesEncoded == 2)
        #expect(try contents() == afterRewrite)
        let tornMovie = MovieRef(runId: "run-p", movieId: records[2].videoId)
        let key = try #require(DatasetPiece.key(for: tornMovie, layout: layout, video: exporter.videoPath(for: tornMovie, from: dataset),
                                                stripLength: GalleryWriter(layout: layout).stripLength))
        #expect(StoredDatasetPiece(url: piece, key: key) != nil, "the torn piece was written again, whole")
        try whole.prefix(whole.count - 10).write(to: piece)
        #expect(StoredDatasetPiece(url: piece, key: key) == nil, "a torn piece is not read")
        try whole.write(to: piece)
        #expect(StoredDatasetPiece(url: piece, key: key + "x") == nil, "a piece for another key is not read")
    }

    @Test("bytes copied from another file's range, across several buffers, land exactly; a range past its end fails")
    func stagedCopyFromFile() throws {
        let folder = try TestPaths.temporaryDirectory("df-staged-copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SeededGenerator(seed: 9)
        let source = Data((0..<300_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let sourceURL = folder.appendingPathComponent("source")
        try source.write(to: sourceURL)
        let descriptor = open(sourceURL.path, O_RDONLY)
        defer { close(descriptor) }
        let target = folder.appendingPathComponent("target")
        let file = try StagedFile(target: target)
        try file.append("head")
        try file.append(contentsOf: descriptor, offset: 1_000, count: 250_000)
        try file.append(Data(repeating: 7, count: 70_000))
        try file.append(contentsOf: descriptor, offset: 0, count: 0)
        try file.commit()
        #expect(try Data(contentsOf: target) == Data("head".utf8) + source[1_000..<251_000] + Data(repeating: 7, count: 70_000))
        let short = try StagedFile(target: folder.appendingPathComponent("short"))
        #expect(throws: (any Error).self) { try short.append(contentsOf: descriptor, offset: 299_000, count: 2_000) }
    }

    @Test("movies tallied apart and merged count what one tally of all their records counts")
    func talliesMerge() async throws {
        let root = try TestPaths.temporaryDirectory("df-tally")
        defer { try? FileManager.default.removeItem(at: root) }
        let records = try await SampleRuns.write(runId: "run-t", movies: 3, seed: 5, under: root)
        var merged = DatasetTally()
        for record in records {
            var own = DatasetTally()
            own.add(record)
            let stored = try JSONDecoder().decode(DatasetTally.self, from: JSONEncoder().encode(own))
            #expect(stored == own, "a tally survives its piece's JSON")
            merged.merge(stored)
        }
        #expect(merged == DatasetTally(records: records))
        #expect(merged.kept > 0 && merged.movies.count == 3 && !merged.typedCounts.isEmpty)
    }

    @Test("answer lengths from a word-count histogram are the figures of the sorted list")
    func lengthsFromHistogram() {
        var generator = SeededGenerator(seed: 5)
        for size in [0, 1, 2, 3, 10, 11, 99, 1_000] {
            let words = (0..<size).map { _ in Int(generator.next() % 45) + 1 }
            var histogram: [Int: Int] = [:]
            words.forEach { histogram[$0, default: 0] += 1 }
            let lengths = DatasetQuality.lengths(words: histogram, oneSentence: 0, twoSentences: 0)
            let sorted = words.sorted()
            #expect(lengths.answers == size)
            #expect(lengths.medianWords == (sorted.isEmpty ? 0 : sorted[size / 2]), "median of \(size)")
            #expect(lengths.p90Words == (sorted.isEmpty ? 0 : sorted[min(size - 1, size * 9 / 10)]), "p90 of \(size)")
            #expect(lengths.maxWords == (sorted.last ?? 0))
            #expect(abs(lengths.meanWords - (sorted.isEmpty ? 0 : Double(sorted.reduce(0, +)) / Double(size))) < 1e-9)
            #expect(lengths.byWords.values.reduce(0, +) == size)
        }
    }

    @Test("a staged file never committed leaves nothing behind, and a scratch file copies into another")
    func stagedFiles() throws {
        let folder = try TestPaths.temporaryDirectory("df-staged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("nested/page.txt")
        do {
            let scratch = try StagedFile(target: folder.appendingPathComponent("scratch"))
            try scratch.append(String(repeating: "x", count: 100_000))
            let page = try StagedFile(target: target)
            try page.append("<")
            try scratch.copy(into: page)
            try page.append(">")
            #expect(try page.commit())
            let dropped = try StagedFile(target: folder.appendingPathComponent("never"))
            try dropped.append("lost")
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "<" + String(repeating: "x", count: 100_000) + ">")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.sorted() == ["nested"], "scratch and uncommitted files removed: \(names)")
    }

    static func inode(_ url: URL) throws -> UInt64 {
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return UInt64(info.st_ino)
    }
}
