import Models
import Clients
import DreamFrameCore
import Foundation

/// Makes a movie's `video.mp4` from its frames with ffmpeg (H.264, 2 frames a second), when ffmpeg is installed.
public enum VideoMaker {
    /// The ffmpeg executable, if any.
    public static let ffmpeg: String? = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Writes `<movie>/video.mp4` unless it exists; returns false when ffmpeg is missing.
    @discardableResult
    public static func make(movie: MovieRef, layout: OutputLayout, framesPerSecond: Int = 2) async throws -> Bool {
        guard let ffmpeg else { return false }
        let target = layout.movieDirectory(movie).appendingPathComponent("video.mp4")
        if FileManager.default.fileExists(atPath: target.path) { return true }
        let temporary = TemporaryFile.url(for: target)
        let (status, output) = try await ChildProcess.capture(ffmpeg, arguments(movie: movie, layout: layout, output: temporary,
                                                                                framesPerSecond: framesPerSecond))
        guard status == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw StageError.transient("ffmpeg failed for \(movie) (status \(status)): \(output.prefix(500))")
        }
        guard rename(temporary.path, target.path) == 0 else {
            throw StageError.transient("cannot move video.mp4 of \(movie) into place")
        }
        return true
    }

    /// ffmpeg's argument vector for `movie`, one element per argument, handed to `posix_spawn` as is — no shell
    /// ever sees it. Nothing in it comes from a model: the input is the movie's frames folder and the output
    /// `output`, both under the output root and named by ids the door checked (``OutputLayout``), both absolute (so
    /// neither can be read as an option or a protocol such as `concat:`), the rest fixed. x264's `veryfast` preset:
    /// 128 frames at 512x288 took 3.4 s of CPU at the default `medium` and 1.3 s at `veryfast` (a 7% smaller file at
    /// the same CRF 23 here) — the validator's videos were sharing the cores with the renderers. One encoder thread
    /// (`-threads 1`): the validator's videos run beside the renderers, so CPU, not one video's latency, is what
    /// counts — 1,331 frames at 16x16 took 0.18 s of CPU threaded and 0.12 s on one thread, 128 frames at 512x288
    /// 0.45 s and 0.41 s (0.32 s and 0.37 s of wall time).
    public static func arguments(movie: MovieRef, layout: OutputLayout, output: URL, framesPerSecond: Int) -> [String] {
        ["-nostdin", "-loglevel", "error", "-y", "-framerate", String(framesPerSecond),
         "-i", layout.framesDirectory(movie).appendingPathComponent(OutputLayout.framePattern).path,
         "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-preset", "veryfast", "-threads", "1", "-pix_fmt", "yuv420p",
         "-movflags", "+faststart", "-f", "mp4", output.path]
    }
}
