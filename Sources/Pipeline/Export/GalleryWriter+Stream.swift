import Models
import Foundation

extension GalleryWriter {
    /// A run's gallery written movie by movie: the sections go to a scratch file as the movies come, and
    /// ``commit()`` puts the page together — its header counts the movies — and in place (untouched when unchanged).
    /// A thousand movies' QA never sit in memory at once.
    struct Stream {
        private let writer: GalleryWriter
        private let runId: String
        private let target: URL
        private let sections: StagedFile
        private var movies = 0

        /// Starts the gallery of `runId`.
        init(writer: GalleryWriter, runId: String) throws {
            self.writer = writer
            self.runId = runId
            target = writer.layout.runDirectory(runId).appendingPathComponent("index.html")
            sections = try StagedFile(target: target.deletingLastPathComponent().appendingPathComponent("index.sections"))
        }

        /// Adds one movie's section.
        mutating func add(_ record: MovieRecord) throws {
            try add(section: Data(writer.section(runId: runId, record: record).utf8))
        }

        /// Adds one movie's section, made before (``DatasetPiece/gallery``).
        mutating func add(section: Data) throws {
            try sections.append(section)
            movies += 1
        }

        /// Adds one movie's section, which `copy` writes (``StoredDatasetPiece``).
        mutating func add(copy: (StagedFile) throws -> Void) throws {
            try copy(sections)
            movies += 1
        }

        /// Writes the page and puts it in place; returns its URL.
        func commit() throws -> URL {
            let page = try StagedFile(target: target)
            try page.append(writer.header(runId: runId, movies: movies))
            try sections.copy(into: page)
            try page.append(writer.footer)
            try page.commit()
            return target
        }
    }
}
