import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("PNG codec")
struct PNGCodecTests {
    func sampleImage() -> RGBImage {
        var img = RGBImage(width: 37, height: 23, color: RGBColor(10, 200, 30))
        img.fill(.circle(cx: 12, cy: 10, r: 8), RGBColor(250, 10, 100))
        img.fill(.line(x0: 0, y0: 22, x1: 36, y1: 0, thickness: 2), RGBColor(0, 0, 255))
        for x in 0..<37 { img.setPixel(x: x, y: 5, RGBColor(UInt8(x * 7), UInt8(255 - x * 3), 77)) }
        return img
    }

    @Test func roundTripIsLossless() throws {
        let img = sampleImage()
        let data = try PNGEncoder().encode(img)
        let back = try PNGDecoder().decode(data)
        #expect(back == img)
    }

    @Test("the renderer's fast rows (Up filter, run-length zlib) and libpng's adaptive filters give the same pixels")
    func fastRowsKeepThePixels() async throws {
        let style = StyleEmbedding(styleId: "s", keyword: "Dramatic", vector: Array(repeating: 0.3, count: 32), lossCurve: [],
                                   learner: "t")
        let frame = try BuiltInImageModel().renderImage(RenderRequest(prompt: "A quiet street at dawn.", hints: nil,
                                                                      style: style, seed: 7, width: 128, height: 72))
        let fast = try PNGEncoder().encode(frame)
        let adaptive = try PNGEncoder(compressionLevel: 3, fastRows: false).encode(frame)
        #expect(PNGEncoder().fastRows && fast != adaptive, "two encodings of one frame")
        #expect(try PNGDecoder().decode(fast) == frame)
        #expect(try PNGDecoder().decode(adaptive) == frame)
    }

    @Test func writesSignatureAndChunks() throws {
        let data = [UInt8](try PNGEncoder().encode(sampleImage()))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: data[12..<16], as: UTF8.self) == "IHDR")
        #expect(String(decoding: data[(data.count - 8)..<(data.count - 4)], as: UTF8.self) == "IEND")
        #expect(ImageDecoder.format(of: Data(data)) == .png)
    }

    @Test func decodesPNGWrittenByFFmpeg() throws {
        let ffmpeg = "/usr/bin/ffmpeg"
        guard FileManager.default.isExecutableFile(atPath: ffmpeg) else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.png").path
        let status = try ChildProcess.runBlocking(ffmpeg, ["-loglevel", "error", "-y", "-f", "lavfi", "-i",
                                                           "color=c=red:s=16x8", "-frames:v", "1", out])
        #expect(status == 0)
        let img = try ImageDecoder.decode(path: out)
        #expect(img.width == 16 && img.height == 8)
        let px = img.pixel(x: 7, y: 4)
        #expect(px.r > 240 && px.g < 15 && px.b < 15)
    }

    static let ffmpegPath = "/usr/bin/ffmpeg"

    static func ffmpeg(_ arguments: [String]) throws {
        let status = try ChildProcess.runBlocking(ffmpegPath, ["-loglevel", "error", "-y"] + arguments)
        #expect(status == 0, "ffmpeg \(arguments)")
    }

    /// ffmpeg's own PNG writer (not libpng) in each pixel format it offers, plain or Adam7 (`+ildct`), decodes to
    /// what ffmpeg itself makes of the same file as 8-bit RGB.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ffmpegPath)),
          arguments: ["pal8", "monob", "gray", "gray16be", "ya8", "ya16be", "rgba", "rgb48be", "rgba64be",
                      "rgb24+ildct", "pal8+ildct", "gray16be+ildct", "rgba64be+ildct"])
    func decodesEveryPixelFormatFFmpegWrites(format: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let parts = format.split(separator: "+").map(String.init)
        let exotic = dir.appendingPathComponent("exotic.png").path, plain = dir.appendingPathComponent("plain.png").path
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc=s=37x23", "-frames:v", "1", "-pix_fmt", parts[0]]
            + (parts.count > 1 ? ["-flags", "+ildct"] : []) + [exotic])
        try Self.ffmpeg(["-i", exotic, "-pix_fmt", "rgb24", plain])
        let data = try #require(FileManager.default.contents(atPath: exotic))
        #expect(data[28] == (parts.count > 1 ? 1 : 0), "interlace method in IHDR")
        let got = try ImageDecoder.decode(data, name: "exotic.png"), want = try ImageDecoder.decode(path: plain)
        #expect(got.width == 37 && got.height == 23 && want.width == 37 && want.height == 23)
        let worst = zip(got.pixels, want.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1, "\(format): largest channel difference \(worst)")
    }

    @Test func jpegIsRecognisedAndRoutedToLibjpeg() throws {
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46])
        #expect(ImageDecoder.format(of: jpeg) == .jpeg)
        do {
            _ = try ImageDecoder.decode(jpeg, name: "x.jpg")
            Issue.record("expected a JPEG error")
        } catch let error as ImageError {
            #expect(error.description.contains("cannot decode JPEG x.jpg"))
        }
    }

    @Test func maxSideDownscalesLargePNGOnly() throws {
        let data = try PNGEncoder().encode(sampleImage())
        #expect(try ImageDecoder.decode(data, maxSide: 64) == sampleImage())
        let small = try ImageDecoder.decode(data, maxSide: 18)
        #expect(small.width == 18 && small.height == 11)
    }
}
