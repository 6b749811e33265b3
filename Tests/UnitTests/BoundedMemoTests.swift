import Foundation
import Testing
@testable import BuiltInModels
@testable import Imaging
import DreamFrameCore

/// The renderer's per-process memos: what they return is what the function they remember returns, and they stay
/// bounded.
@Suite("Bounded memo and the renderer's memoized parses")
struct BoundedMemoTests {
    @Test("a remembered value is made once; a full memo starts over and never holds more than its capacity")
    func boundedAndRemembered() {
        let memo = BoundedMemo<Int, Int>(capacity: 3)
        var made = 0
        for _ in 0..<5 { _ = memo.value(for: 1) { made += 1; return 10 } }
        #expect(made == 1)
        for key in 2...7 { #expect(memo.value(for: key) { key * 10 } == key * 10) }
        // Capacity 3: key 1 was dropped when the memo filled, so it is made again.
        #expect(memo.value(for: 1) { made += 1; return 11 } == 11)
        #expect(made == 2)
    }

    @Test("a frame drawn with the memoized style target and appearance parse is the frame drawn without them",
          arguments: [UInt64(3), 20, 977])
    func memoizedFrameIsTheSame(seed: UInt64) {
        let vector = (0..<32).map { Float(sin(Double($0) * 1.7 + Double(seed))) }
        let scene = FrameScene(prompt: "Mara, a slim woman with long black hair in a red dress, talks to Tomas, a tall stout man with a grey beard in a navy coat, in the harbour")
        let canvas = FrameComposer().compose(scene, width: 96, height: 54, seed: seed)
        let direct = StyleApplier(parameters: StyleParameters(vector: vector), seed: seed).apply(to: canvas)
        for _ in 0..<2 {   // the second time from the memo
            #expect(StyleApplier(vector: vector, seed: seed).apply(to: canvas).pixels == direct.pixels)
        }
        let phrase = "a tall stout man with a grey beard in a navy coat"
        #expect(FigureAppearance.parsed(phrase) == FigureAppearance(phrase: phrase))
        #expect(FigureAppearance.parsed(phrase) == FigureAppearance(phrase: phrase))
    }
}
