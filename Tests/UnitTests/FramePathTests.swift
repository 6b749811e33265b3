import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models

/// A renderer's per-frame paths and file writes, made from strings and POSIX calls, are the URL forms' paths and
/// leave the same files.
@Suite("Frame paths and writes")
struct FramePathTests {
    @Test("a frame's path is its URL's path; file names are the printf pattern's")
    func framePaths() {
        for root in ["/tmp/out", "/tmp/out/", "/"] {
            let layout = OutputLayout(root: root)
            for (runId, movieId) in [("run-1", "movie-0001"), ("../escape", ".hidden"), ("r", String(repeating: "m", count: 300))] {
                let movie = MovieRef(runId: runId, movieId: movieId)
                for index in [1, 9, 10, 999, 1331, 9999, 10000, 123456] {
                    let url = layout.framesDirectory(movie).appendingPathComponent(String(format: OutputLayout.framePattern, index))
                    #expect(layout.framePath(movie, index: index) == url.path, "\(root) \(runId) \(index)")
                    #expect(layout.frame(movie, index: index) == URL(fileURLWithPath: url.path))
                }
            }
        }
        #expect(OutputLayout.frameFileName(0) == "0000.png")
        #expect(OutputLayout.frameFileName(-3) == String(format: OutputLayout.framePattern, -3))
    }

    @Test("an atomic write creates the folder, replaces the file whole and leaves no temporary file")
    func atomicWrite() throws {
        let folder = try TestPaths.temporaryDirectory("df-atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("a/b/0001.png").path
        try AtomicFile.write(Data("first".utf8), toPath: target)
        try AtomicFile.write(Data("second, longer".utf8), toPath: target)
        #expect(FileManager.default.contents(atPath: target) == Data("second, longer".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a/b").path) == ["0001.png"])
        let temporary = TemporaryFile.path(for: target)
        #expect(temporary.hasPrefix(folder.appendingPathComponent("a/b/.0001.png.").path) && temporary.hasSuffix(".tmp"))
        #expect(throws: (any Error).self) { try AtomicFile.write(Data(), toPath: "/proc/no-such-folder/x") }
    }
}
