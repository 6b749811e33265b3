import BuiltInModels
import Foundation
import Models
import Pipeline

/// Runs written straight to disk — each movie's story, an empty frames folder and its validated record — the way the
/// qa-validator leaves them, without a broker or Redis: for export, merge and inspection tests.
public enum SampleRuns {
    /// Writes `movies` built-in movies (branching `branching`, seeds from `seed`) as run `runId` under `root` and
    /// exports its dataset; returns the run's records.
    @discardableResult
    public static func write(runId: String, movies: Int, seed: UInt64, under root: URL,
                             branching: Branching = Branching(substories: 2, tinystories: 2, keyframes: 3)) async throws -> [MovieRecord] {
        let layout = OutputLayout(root: root.path)
        var records: [MovieRecord] = []
        for index in 0..<movies {
            let movie = MovieRef(runId: runId, movieId: RunSubmitter.movieId(index))
            let story = try await OfflineStoryWriter(model: BuiltInStoryModel()).write(movie: movie, seed: seed + UInt64(index),
                                                                                      theme: nil, branching: branching)
            try FileManager.default.createDirectory(at: layout.framesDirectory(movie), withIntermediateDirectories: true)
            try AtomicFile.writeJSON(story, to: layout.story(movie))
            let record = MovieRecord(movie: movie, story: story, verdicts: QAValidator().validate(story))
            try AtomicFile.writeJSON(record, to: layout.record(movie))
            records.append(record)
        }
        try DatasetExporter(layout: layout).exportUntilStable(runId: runId, run: nil)
        return records
    }
}
