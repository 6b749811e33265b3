import BuiltInModels
import Foundation
import Models

/// A story model that answers like the built-in one with every text a model chooses made hostile (``HostileText``):
/// title, genre, style keyword, tone and description, locations, character names and appearances, overview,
/// substory and tinystory contents, dialogue and every QA pair. Names and places are swapped through the whole plot,
/// so the built-in expansions weave the hostile names, places and keyword into tinystories, keyframe descriptions
/// (the render prompts) and QA of their own. Everything it writes is what the door lets through, so a movie of it
/// runs through every stage.
public struct HostileStoryModel: StoryModel {
    private let inner = BuiltInStoryModel()

    public init() {}

    /// The title: markup, a path and a forged log line.
    public static let title = "\(HostileText.script) \(HostileText.traversal) \(HostileText.lineBreak)"
    /// The genre: markup, a shell substitution and Markdown.
    public static let genre = "\(HostileText.imageError) \(HostileText.substitution) | \(HostileText.markdown)"
    /// The style: a keyword that starts like a flag and breaks out of an attribute, and shell-ish tone and description.
    public static let style = StyleSpec(keyword: "-rf \(HostileText.attributeBreak)",
                                        tone: "\(HostileText.backticks) \(HostileText.semicolon)",
                                        description: "\(HostileText.elementBreak) \(HostileText.lineBreak) \(HostileText.rightToLeft)")
    /// Character `index`'s name.
    public static func name(_ index: Int) -> String {
        ["\(HostileText.elementBreak) Ann", "\(HostileText.rightToLeft) Bo\(HostileText.semicolon)",
         "\(HostileText.singleQuoteBreak) Cy"][index % 3] + (index >= 3 ? " \(index)" : "")
    }
    /// Location `index`.
    public static func location(_ index: Int) -> String {
        "\(HostileText.admissible[index % HostileText.admissible.count]) #\(index)"
    }
    /// The overview: every hostile text and 20 kB of markup.
    public static let overview = (HostileText.admissible + [HostileText.markdown]).joined(separator: " ")
        + String(repeating: " <b>long</b>", count: 2000)

    public func writePlot(_ request: PlotRequest) async throws -> MoviePlot {
        var plot = try inner.plot(request)
        var renames: [(String, String)] = plot.characters.enumerated().map { ($0.element.name, Self.name($0.offset)) }
        renames += plot.locations.enumerated().map { ($0.element, Self.location($0.offset)) }
        renames.sort { $0.0.count > $1.0.count }
        // Through placeholders, so a hostile text is never renamed again.
        func rename(_ text: String) -> String {
            let marked = renames.indices.reduce(text) { $0.replacingOccurrences(of: renames[$1].0, with: "\u{E000}\($1)\u{E001}") }
            return renames.indices.reduce(marked) { $0.replacingOccurrences(of: "\u{E000}\($1)\u{E001}", with: renames[$1].1) }
        }
        plot.title = Self.title
        plot.genre = Self.genre
        plot.style = Self.style
        plot.overview = Self.overview
        plot.locations = plot.locations.indices.map(Self.location)
        plot.characters = plot.characters.enumerated().map { index, character in
            StoryCharacter(name: Self.name(index), role: character.role,
                           appearance: "\(character.appearance) \(HostileText.absolute) \(HostileText.lineBreak)")
        }
        plot.substories = plot.substories.map { substory in
            var substory = substory
            substory.scene = substory.scene.map(rename)
            substory.content = rename(substory.content) + " " + HostileText.imageError
            substory.qa = Self.hostile(substory.qa, rename: rename)
            return substory
        }
        return plot
    }

    public func expandSubstory(_ request: SubstoryRequest) async throws -> SubstoryExpansion {
        var expansion = try inner.substoryExpansion(request)
        expansion.qa = Self.hostile(expansion.qa)
        expansion.tinystories = expansion.tinystories.map {
            Tinystory(index: $0.index, location: $0.location, content: "\($0.content) \(HostileText.script)")
        }
        return expansion
    }

    public func expandTinystory(_ request: TinystoryRequest) async throws -> TinystoryExpansion {
        var expansion = try inner.tinystoryExpansion(request)
        expansion.keyframes = expansion.keyframes.map { keyframe in
            var keyframe = keyframe
            keyframe.dialogue = "\(keyframe.dialogue ?? "") \(HostileText.attributeBreak) \(HostileText.lineBreak)"
            return keyframe
        }
        expansion.qa = expansion.qa.map { Self.hostile($0) }
        return expansion
    }

    public func judgeQA(_ request: JudgeRequest) async throws -> JudgeVerdict? { nil }

    /// `qa` with markup in its question and answer.
    static func hostile(_ qa: QAPair, rename: (String) -> String = { $0 }) -> QAPair {
        QAPair(question: "\(rename(qa.question)) \(HostileText.elementBreak)",
               answer: "\(rename(qa.answer)) \(HostileText.imageError) \(HostileText.singleQuoteBreak)", type: qa.type)
    }
}
