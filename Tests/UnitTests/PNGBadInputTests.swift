import Foundation
import Testing
@testable import Imaging
import DreamFrameCore

/// Damaged or hostile PNGs (reference images come from users): each must become a permanent ``ImageError`` that
/// names the file, never a crash and never a huge allocation.
@Suite("PNG decoder: bad input")
struct PNGBadInputTests {
    /// A valid 40x24 RGB file to damage.
    static func valid() throws -> Data {
        try PNGEncoder().encode(PNGFixture.rgbImage(width: 40, height: 24))
    }

    /// Expects `data` to be refused as `name`, through ``ImageDecoder`` (and returns the message).
    @discardableResult
    static func expectRefused(_ data: Data, name: String = "bad.png", _ note: String = "",
                              sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            let img = try ImageDecoder.decode(data, name: name)
            Issue.record("\(note): decoded to \(img.width)x\(img.height)", sourceLocation: sourceLocation)
        } catch let error as ImageError {
            #expect(error.isPermanent, sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("cannot decode PNG \(name): "), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.count > "cannot decode PNG \(name): ".count + 5, "\(error)",
                    sourceLocation: sourceLocation)
            return error.description
        } catch {
            Issue.record("\(note): unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return ""
    }

    @Test func ihdrOfLengthZero() {
        // The 20 bytes that crashed the hand-written decoder with "Index out of range".
        let data = PNGFixture.file(PNGFixture.chunk("IHDR", []))
        #expect(data.count == 20)
        #expect(ImageDecoder.format(of: data) == .png)
        Self.expectRefused(data, name: "empty-ihdr.png")
        #expect(throws: ImageError.self) { try PNGDecoder().decode(data) }
    }

    @Test func truncatedFiles() throws {
        let data = try Self.valid()
        let idat = try #require(PNGFixture.chunks(of: data).first { $0.type == "IDAT" })
        let cuts = [8, 9, 12, 20, 33, idat.offset + 4, idat.offset + 8 + idat.length / 2, idat.offset + 8 + idat.length,
                    data.count - 12, data.count - 1]
        for cut in cuts {
            Self.expectRefused(data.prefix(cut), name: "cut.png", "cut at \(cut) of \(data.count)")
        }
    }

    @Test func imageDataThatEndsEarlyInWellFormedChunks() throws {
        let valid = try Self.valid()
        let idat = try #require(PNGFixture.chunks(of: valid).first { $0.type == "IDAT" })
        let body = [UInt8](valid[(idat.offset + 8)..<(idat.offset + 8 + idat.length / 3)])
        let data = PNGFixture.file(PNGFixture.ihdr(width: 40, height: 24), PNGFixture.chunk("IDAT", body),
                                   PNGFixture.chunk("IEND", []))
        Self.expectRefused(data, name: "short.png")
    }

    @Test(arguments: ["IHDR", "IDAT", "IEND"])
    func badCRCInACriticalChunk(type: String) throws {
        var data = try Self.valid()
        let chunk = try #require(PNGFixture.chunks(of: data).first { $0.type == type })
        data[chunk.offset + 8 + chunk.length] ^= 0x01
        let why = Self.expectRefused(data, name: "crc.png", type)
        #expect(why.lowercased().contains("crc"), "\(why)")
    }

    @Test func badCRCInAnAncillaryChunkIsSkipped() throws {
        // libpng's default: a damaged text chunk is dropped with a warning; the pixels are intact.
        var bytes = [UInt8](try Self.valid())
        let text = PNGFixture.chunk("tEXt", Array("Comment\0hello".utf8), crc: 0xDEAD_BEEF)
        bytes.insert(contentsOf: text, at: 33)
        let img = try ImageDecoder.decode(Data(bytes), name: "text.png")
        #expect(img == PNGFixture.rgbImage(width: 40, height: 24))
    }

    @Test(arguments: [1, 2, 3])
    func garbageAfterTheSignature(seed: UInt64) throws {
        var state = seed
        let garbage = (0..<4000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // a fixed LCG: same bytes each run
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        Self.expectRefused(Data(PNGEncoder.signature + garbage), name: "garbage.png")
        // A valid header followed by garbage in place of the image data.
        let header = [UInt8](try Self.valid().prefix(33))
        Self.expectRefused(Data(header + garbage), name: "garbage.png", "garbage after IHDR")
    }

    @Test(arguments: [(0, 5), (5, 0), (0, 0)])
    func zeroSizedIHDR(width: UInt32, height: UInt32) {
        let data = PNGFixture.file(PNGFixture.ihdr(width: width, height: height),
                                   PNGFixture.chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]),
                                   PNGFixture.chunk("IEND", []))
        Self.expectRefused(data, name: "zero.png", "\(width)x\(height)")
    }

    @Test func invalidIHDRFields() {
        // Bit depth 3, colour type 5, and 16-bit palette do not exist; interlace method 2 neither.
        for (depth, colorType, interlace): (UInt8, UInt8, UInt8) in [(3, 2, 0), (8, 5, 0), (16, 3, 0), (8, 2, 2)] {
            let data = PNGFixture.file(PNGFixture.ihdr(width: 4, height: 4, depth: depth, colorType: colorType,
                                                       interlace: interlace),
                                       PNGFixture.chunk("IEND", []))
            Self.expectRefused(data, name: "ihdr.png", "depth \(depth) colour \(colorType) interlace \(interlace)")
        }
    }

    @Test func hugeClaimedSizeIsRefusedBeforeAllocating() {
        // 100000 x 100000 RGB would need 30 GB: refused from the header alone, over the side limit.
        let idat = PNGFixture.chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        let huge = PNGFixture.file(PNGFixture.ihdr(width: 100_000, height: 100_000), idat, PNGFixture.chunk("IEND", []))
        let why = Self.expectRefused(huge, name: "huge.png")
        #expect(why.contains("limit"), "\(why)")
        // 30000 x 30000 is under the side limit but over the pixel limit.
        let wide = PNGFixture.file(PNGFixture.ihdr(width: 30_000, height: 30_000), idat, PNGFixture.chunk("IEND", []))
        #expect(Self.expectRefused(wide, name: "wide.png").contains("image too large"))
    }

    @Test func limitsAreTheDecoders() throws {
        let data = try Self.valid()  // 40 x 24 = 960 pixels
        #expect(try PNGDecoder(maxDimension: 40, maxPixelCount: 960).decode(data).width == 40)
        #expect(throws: ImageError.self) { try PNGDecoder(maxDimension: 39).decode(data) }
        #expect(throws: ImageError.self) { try PNGDecoder(maxPixelCount: 959).decode(data) }
    }

    @Test func notAPNG() {
        #expect(throws: ImageError.self) { try PNGDecoder().decode(Data()) }
        #expect(throws: ImageError.self) { try PNGDecoder().decode(Data("GIF89a".utf8)) }
        #expect(throws: ImageError.self) { try PNGDecoder().decode(Data(PNGEncoder.signature)) }
    }
}
