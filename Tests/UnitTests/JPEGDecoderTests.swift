import CJPEG
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

@Suite("JPEG decoder")
struct JPEGDecoderTests {
    static let sampleDir = TestPaths.sampleDirectory.appendingPathComponent("style").path

    static func samplePaths() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sampleDir)) ?? []
        return files.filter { $0.lowercased().hasSuffix(".jpg") }.sorted().map { "\(sampleDir)/\($0)" }
    }

    /// A smooth colour gradient with a dark disc, `components` per pixel (1 gray, 3 RGB, 4 CMYK).
    static func fixturePixels(width: Int, height: Int, components: Int) -> [UInt8] {
        var p: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let r = UInt8(x * 255 / (width - 1)), g = UInt8(y * 255 / (height - 1)), b: UInt8 = 128
                let dx = x - width / 2, dy = y - height / 2
                let dark = dx * dx + dy * dy < (height / 4) * (height / 4)
                switch components {
                case 1: p.append(dark ? 20 : UInt8((Int(r) + Int(g)) / 2))
                case 3: p += dark ? [20, 20, 20] : [r, g, b]
                default: p += dark ? [0, 0, 0, 235] : [255 - r, 255 - g, 255 - b, 0] // C, M, Y, K (plain, not inverted)
                }
            }
        }
        return p
    }

    /// Encodes with libjpeg through the shim's test helper.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, components: Int, progressive: Bool) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var len = 0
        var msg = [CChar](repeating: 0, count: 256)
        let code = pixels.withUnsafeBufferPointer { px in
            msg.withUnsafeMutableBufferPointer { m in
                df_jpeg_encode(px.baseAddress, Int32(width), Int32(height), Int32(components), 95, progressive ? 1 : 0,
                               &out, &len, m.baseAddress, m.count)
            }
        }
        defer { free(out) }
        guard code == 0, let out else { throw ImageError("encode failed: \(code)") }
        return Data(bytes: out, count: len)
    }

    /// Mean absolute per-channel difference between two same-size images.
    static func meanError(_ a: RGBImage, _ b: RGBImage) -> Double {
        zip(a.pixels, b.pixels).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.pixels.count)
    }

    @Test func decodesEverySampleImage() throws {
        let paths = Self.samplePaths()
        try #require(paths.count == 12, "the authors' 12 sample JPEGs are found at \(Self.sampleDir)")
        var fullTime = 0.0, smallTime = 0.0
        for path in paths {
            var start = Date()
            let img = try ImageDecoder.decode(path: path)
            fullTime += Date().timeIntervalSince(start)
            #expect(img.width > 0 && img.height > 0, "\(path)")
            #expect(img.pixels.count == img.width * img.height * 3)
            #expect(Set(img.pixels).count > 16, "\(path) decodes to a flat image")
            let rows = stride(from: 0, to: img.height, by: max(1, img.height / 8)).map { img.pixel(x: img.width / 2, y: $0) }
            #expect(Set(rows).count > 1, "\(path) decodes to a flat image")

            start = Date()
            let small = try ImageDecoder.decode(path: path, maxSide: 128)
            smallTime += Date().timeIntervalSince(start)
            #expect(max(small.width, small.height) >= 128 && max(small.width, small.height) < 256, "\(small.width)x\(small.height)")
            #expect(Set(small.pixels).count > 16)
            // The scaled decode looks like the full one, downscaled.
            let reference = img.resized(width: small.width, height: small.height)
            #expect(Self.meanError(reference, small) < 12, "\(path)")
        }
        print("JPEG decode of \(paths.count) samples: full \(String(format: "%.1f", fullTime * 1000 / Double(paths.count))) ms/image, "
            + "maxSide 128 \(String(format: "%.1f", smallTime * 1000 / Double(paths.count))) ms/image")
    }

    @Test(arguments: [(3, false), (3, true), (1, false), (1, true), (4, false), (4, true)])
    func decodesEncodedFixtures(components: Int, progressive: Bool) throws {
        let w = 80, h = 48
        let pixels = Self.fixturePixels(width: w, height: h, components: components)
        let data = try Self.encode(pixels, width: w, height: h, components: components, progressive: progressive)
        #expect(ImageDecoder.format(of: data) == .jpeg)
        let img = try ImageDecoder.decode(data, name: "fixture.jpg")
        #expect(img.width == w && img.height == h)
        // Expected RGB: gray replicated; CMYK converted as (255 - c) * (255 - k) / 255.
        var expected = RGBImage(width: w, height: h)
        for i in 0..<(w * h) {
            switch components {
            case 1: expected.pixels[i * 3] = pixels[i]; expected.pixels[i * 3 + 1] = pixels[i]; expected.pixels[i * 3 + 2] = pixels[i]
            case 3: for c in 0..<3 { expected.pixels[i * 3 + c] = pixels[i * 3 + c] }
            default:
                let k = 255 - Int(pixels[i * 4 + 3])
                for c in 0..<3 { expected.pixels[i * 3 + c] = UInt8((255 - Int(pixels[i * 4 + c])) * k / 255) }
            }
        }
        #expect(Self.meanError(img, expected) < 4, "components \(components) progressive \(progressive)")
        if components == 1 {
            #expect(img.pixels.enumerated().allSatisfy { $0.element == img.pixels[$0.offset / 3 * 3] })
        }
        let small = try ImageDecoder.decode(data, maxSide: 20)
        #expect(small.width == 20 && small.height == 12)
    }

    @Test func decodesJPEGWrittenByFFmpeg() throws {
        let ffmpeg = "/usr/bin/ffmpeg"
        guard FileManager.default.isExecutableFile(atPath: ffmpeg) else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jpeg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.jpg").path
        let status = try ChildProcess.runBlocking(ffmpeg, ["-loglevel", "error", "-y", "-f", "lavfi", "-i",
                                                           "color=c=red:s=48x32", "-frames:v", "1", "-q:v", "2", out])
        #expect(status == 0)
        let img = try ImageDecoder.decode(path: out)
        #expect(img.width == 48 && img.height == 32)
        let px = img.pixel(x: 20, y: 16)
        #expect(px.r > 230 && px.g < 25 && px.b < 25, "\(px)")
    }

    @Test func truncatedFileThrowsPermanentError() throws {
        let pixels = Self.fixturePixels(width: 64, height: 64, components: 3)
        for progressive in [false, true] {
            let data = try Self.encode(pixels, width: 64, height: 64, components: 3, progressive: progressive)
            for cut in [data.count / 2, data.count - 3, 40] {
                do {
                    let img = try ImageDecoder.decode(data.prefix(cut), name: "cut.jpg")
                    Issue.record("truncated JPEG (\(cut) of \(data.count) bytes) decoded to \(img.width)x\(img.height)")
                } catch let error as ImageError {
                    let why = error.description
                    #expect(error.isPermanent)
                    #expect(why.contains("cut.jpg"), "\(why)")
                    #expect(why.contains("JPEG"), "\(why)")
                }
            }
        }
    }

    /// A few bytes of header may claim 65000 x 65000 pixels (libjpeg's own limit is 65500 a side); a progressive decode
    /// would allocate every coefficient of that (~25 GB) before reading any. The decoder refuses before libjpeg
    /// allocates.
    @Test(arguments: [false, true])
    func hugeDimensionsAreRefusedBeforeAllocating(progressive: Bool) throws {
        var data = try Self.encode(Self.fixturePixels(width: 16, height: 16, components: 3), width: 16, height: 16,
                                   components: 3, progressive: progressive)
        let sof: UInt8 = progressive ? 0xC2 : 0xC0
        let marker = try #require((0..<data.count - 9).first { data[$0] == 0xFF && data[$0 + 1] == sof })
        for offset in [marker + 5, marker + 7] { data[offset] = 0xFD }  // height and width: 0xFDE8 = 65000
        for offset in [marker + 6, marker + 8] { data[offset] = 0xE8 }
        do {
            _ = try ImageDecoder.decode(data, name: "huge.jpg")
            Issue.record("a 65000 x 65000 header decoded")
        } catch let error as ImageError {
            #expect(error.isPermanent && error.description.contains("too large"), "\(error)")
        }
    }

    @Test func garbageThrowsPermanentError() {
        var rng = SeededGenerator(seed: 3, labels: ["jpeg-garbage"])
        let inputs: [[UInt8]] = [
            [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46],
            [0xFF, 0xD8, 0xFF],
            [0xFF, 0xD8, 0xFF] + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &rng) },
            // A start-of-frame claiming 0 x 0 pixels.
            [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0, 0xFF, 0xD9],
        ]
        for bytes in inputs {
            #expect(ImageDecoder.format(of: Data(bytes)) == .jpeg)
            do {
                _ = try ImageDecoder.decode(Data(bytes), name: "x.jpg")
                Issue.record("garbage decoded")
            } catch let error as ImageError {
                guard error.isPermanent else { Issue.record("not permanent: \(error)"); continue }
                let why = error.description
                #expect(why.hasPrefix("cannot decode JPEG x.jpg: "), "\(why)")
                #expect(why.count > "cannot decode JPEG x.jpg: ".count + 5, "\(why)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func corruptedScanStillFailsOrDecodesWithoutCrashing() throws {
        // Flipped bytes inside the entropy-coded data: libjpeg may recover (warning) or fail; either is fine,
        // as long as it neither crashes nor returns a wrongly sized image.
        let pixels = Self.fixturePixels(width: 64, height: 64, components: 3)
        var data = try Self.encode(pixels, width: 64, height: 64, components: 3, progressive: true)
        for i in stride(from: data.count / 3, to: data.count - 4, by: 7) { data[i] ^= 0x5A }
        if let img = try? ImageDecoder.decode(data) {
            #expect(img.width == 64 && img.height == 64)
        }
    }
}
