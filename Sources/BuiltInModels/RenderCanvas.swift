import Models
import Imaging
import DreamFrameCore
import Foundation

/// An ``RGBImage`` plus a per-pixel ``RenderLabel`` buffer, the working surface of the built-in renderer.
public struct RenderCanvas: Sendable {
    /// The colours drawn so far.
    public var image: RGBImage
    /// One label per pixel (raw values of ``RenderLabel``).
    public var labels: [UInt8]

    /// A black canvas labelled as sky.
    public init(width: Int, height: Int) {
        image = RGBImage(width: width, height: height)
        labels = [UInt8](repeating: 0, count: width * height)
    }

    /// Width in pixels.
    public var width: Int { image.width }
    /// Height in pixels.
    public var height: Int { image.height }

    /// Fills `shape` with `color` and marks its pixels with `label`.
    public mutating func fill(_ shape: RasterShape, _ color: RGBColor, _ label: RenderLabel) {
        image.fill(shape, color)
        let w = width, h = height, l = label.rawValue
        labels.withUnsafeMutableBufferPointer { buf in
            shape.spans(width: w, height: h) { y, x0, x1 in
                for x in x0..<x1 { buf[y * w + x] = l }
            }
        }
    }

    /// Fills a rectangle given in pixels.
    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ c: RGBColor, _ l: RenderLabel) {
        fill(.rect(x: x, y: y, w: w, h: h), c, l)
    }

    /// Fills rows with a vertical gradient and labels them.
    public mutating func gradient(y0: Double, y1: Double, top: RGBColor, bottom: RGBColor, _ l: RenderLabel) {
        let a = max(0, Int(y0.rounded())), b = min(height, Int(y1.rounded()))
        guard a < b else { return }
        for y in a..<b {
            let t = b - a > 1 ? Double(y - a) / Double(b - a - 1) : 0
            fill(.rect(x: 0, y: Double(y), w: Double(width), h: 1), top.mixed(with: bottom, t), l)
        }
    }
}
