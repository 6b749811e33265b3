import Models
import Clients
import DreamFrameCore
import Foundation

extension OpenAIStoryModel {
    /// Parses and validates a level-1 answer. A plot with fewer than `minimumLocations` different places is
    /// invalid; ``writePlot(_:)`` asks for the missing places in a call of their own rather than the whole plot again.
    package static func parsePlot(_ content: String, request: PlotRequest,
                                  minimumLocations: Int = StorySchemas.locationRange.lowerBound)
        throws(StoryOutputError) -> MoviePlot {
        let root = JSONReader(try JSONExtraction.object(in: content))
        let styleReader = try root.object("style")
        let keyword = try styleReader.string("keyword")
        guard !keyword.contains(where: \.isWhitespace) else {
            throw StoryOutputError("style.keyword must be ONE word, got \"\(keyword)\"")
        }
        let style = StyleSpec(keyword: keyword, tone: try styleReader.string("tone"),
                              description: try styleReader.string("description"))

        var locations: [String] = []
        for location in try root.strings("locations") where !locations.contains(where: {
            $0.caseInsensitiveCompare(location) == .orderedSame
        }) {
            locations.append(location)
        }
        for location in locations where location.split(whereSeparator: \.isWhitespace).count > 2 {
            throw StoryOutputError("location \"\(location)\" has more than 2 words")
        }

        let characters = try parseCharacters(root)
        let substoryReaders = try root.array("substories")
        guard substoryReaders.count == request.substoryCount else {
            throw StoryOutputError("expected exactly \(request.substoryCount) substories, got \(substoryReaders.count)")
        }
        var substories: [Substory] = []
        for (index, reader) in substoryReaders.enumerated() {
            let scene = try reader.strings("scene")
            guard (1...3).contains(scene.count) else {
                throw StoryOutputError("\(reader.pathOf("scene")) must hold 1 to 3 locations, got \(scene.count)")
            }
            // A scene place the model did not list becomes one of the movie's places (it obeys the same rule),
            // so the story stays consistent without another round trip.
            var canonicalScene: [String] = []
            for name in scene {
                if name.split(whereSeparator: \.isWhitespace).count > 2 {
                    throw StoryOutputError("\(reader.pathOf("scene")) location \"\(name)\" has more than 2 words")
                }
                if let known = locations.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) {
                    canonicalScene.append(known)
                } else {
                    locations.append(name)
                    canonicalScene.append(name)
                }
            }
            substories.append(Substory(index: index, scene: canonicalScene, content: try reader.string("content"),
                                       qa: try parseQA(try reader.object("qa"))))
        }
        guard locations.count >= minimumLocations else {
            throw StoryOutputError("locations must hold at least \(minimumLocations) different places, got \(locations.count)")
        }
        return MoviePlot(title: try root.string("title"), overview: try root.string("overview"),
                         genre: try root.string("genre"), style: style, locations: locations,
                         characters: characters, substories: substories,
                         theme: request.theme ?? root.optionalString("theme") ?? "")
    }

    /// Parses the answer to ``morePlacesPrompt(_:groups:)``: one place per slot, each new (not in `known`, not
    /// another slot's, compared ignoring case) and of at most two words; at least `needed` of them new.
    package static func parseMorePlaces(_ content: String, slots: Int, known: [String], needed: Int)
        throws(StoryOutputError) -> [String] {
        let root = JSONReader(try JSONExtraction.object(in: content))
        var added: [String] = [], repeated: [String] = []
        for index in 0..<slots {
            let place = try root.string(PlaceCatalog.slot(index))
            if place.split(whereSeparator: \.isWhitespace).count > 2 {
                throw StoryOutputError("location \"\(place)\" has more than 2 words")
            }
            if (known + added).contains(where: { $0.caseInsensitiveCompare(place) == .orderedSame }) {
                if !repeated.contains(place) { repeated.append(place) }
            } else {
                added.append(place)
            }
        }
        guard added.count >= needed else {
            throw StoryOutputError("\(needed) new places were needed but only \(added.count) were new"
                                   + (repeated.isEmpty ? "" : "; these repeat a place already listed: "
                                      + repeated.joined(separator: ", ")))
        }
        return added
    }

    /// Parses and validates a level-2 answer.
    package static func parseSubstoryExpansion(_ content: String, request: SubstoryRequest) throws(StoryOutputError)
        -> SubstoryExpansion {
        let root = JSONReader(try JSONExtraction.object(in: content))
        let readers = try root.array("tinystories")
        guard readers.count == request.tinystoryCount else {
            throw StoryOutputError("expected exactly \(request.tinystoryCount) tinystories, got \(readers.count)")
        }
        var tinystories: [Tinystory] = []
        for (index, reader) in readers.enumerated() {
            let location = try canonicalLocation(try reader.string("location"), in: request.movie.locations,
                                                 path: reader.pathOf("location"))
            tinystories.append(Tinystory(index: index, location: location, content: try reader.string("content")))
        }
        return SubstoryExpansion(tinystories: tinystories, qa: try parseQA(try root.object("qa")))
    }

    /// Parses and validates a level-3 answer.
    package static func parseTinystoryExpansion(_ content: String, request: TinystoryRequest) throws(StoryOutputError)
        -> TinystoryExpansion {
        let root = JSONReader(try JSONExtraction.object(in: content))
        let readers = try root.array("keyframes")
        guard readers.count == request.keyframeCount else {
            throw StoryOutputError("expected exactly \(request.keyframeCount) keyframes, got \(readers.count)")
        }
        var keyframes: [Keyframe] = []
        for reader in readers {
            let rawVerb = try reader.string("verb")
            guard let verb = canonicalVerb(rawVerb) else {
                throw StoryOutputError("\(reader.pathOf("verb")) \"\(rawVerb)\" is not one of "
                                       + keyframeVerbs.joined(separator: ", "))
            }
            let location = try canonicalLocation(try reader.string("location"), in: request.movie.locations,
                                                 path: reader.pathOf("location"))
            let characters = try reader.strings("characters")
            let expression = try reader.string("expression")
            let description = try keyframeDescription(reader, request: request, location: location,
                                                      actor: characters.first, expression: expression)
            keyframes.append(Keyframe(description: description, location: location, characters: characters,
                                      verb: verb, expression: expression,
                                      dialogue: reader.optionalString("dialogue")))
        }
        let qaReaders = try root.array("qa")
        guard qaReaders.count == 2 else { throw StoryOutputError("expected exactly 2 QA pairs, got \(qaReaders.count)") }
        let qa = try qaReaders.map { reader throws(StoryOutputError) in try parseQA(reader) }
        return TinystoryExpansion(keyframes: keyframes, qa: qa)
    }

    // MARK: - Pieces

    /// The paper's keyframe text: the model's own `description` when it has the form, else composed from the
    /// frame's `action` — "generate an image in <style> style: at <location>, <appearance> is <action>, with a
    /// <expression> face" — with the acting character's fixed appearance, never the name.
    static func keyframeDescription(_ reader: JSONReader, request: TinystoryRequest, location: String, actor: String?,
                                    expression: String) throws(StoryOutputError) -> String {
        if let description = reader.optionalString("description"),
           description.lowercased().hasPrefix("generate an image in "), description.contains(" style: at ") {
            return description
        }
        guard let action = reader.optionalString("action") else {
            throw StoryOutputError("\(reader.pathOf("action")) is missing or empty")
        }
        guard let actor, let character = request.movie.characters.first(where: {
            $0.name.caseInsensitiveCompare(actor) == .orderedSame
        }) else {
            throw StoryOutputError("\(reader.pathOf("characters")) must start with one of the movie's characters ("
                                   + request.movie.characters.map(\.name).joined(separator: ", ") + ")")
        }
        var doing = action.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".,")))
        if doing.lowercased().hasPrefix("is ") { doing = String(doing.dropFirst(3)) }
        let face = expression.lowercased().hasSuffix(" face") ? String(expression.dropLast(5)) : expression
        return "generate an image in \(request.movie.style.keyword) style: at \(location), \(character.appearance) is "
            + "\(doing), with a \(face) face"
    }

    static func parseCharacters(_ root: JSONReader) throws(StoryOutputError) -> [StoryCharacter] {
        var characters: [StoryCharacter] = []
        for reader in try root.array("characters") {
            let written = try reader.string("role").lowercased()
            let role = CharacterRole(rawValue: written)
            guard role == .main || role == .supporting else {
                throw StoryOutputError("\(reader.pathOf("role")) must be \"main\" or \"supporting\", got \"\(written)\"")
            }
            characters.append(StoryCharacter(name: try reader.string("name"), role: role,
                                             appearance: try reader.string("appearance")))
        }
        guard (1...3).contains(characters.count) else {
            throw StoryOutputError("characters must be 1-2 main and 0-1 supporting (1 to 3 in all), got \(characters.count)")
        }
        return normalizedRoles(characters)
    }

    /// The paper's cast shape — 1-2 main characters, 0-1 supporting — from 1 to 3 characters in the model's
    /// order: the first is always main, and a surplus supporting character is main while there is room (the
    /// roles a small model mixes up; the names, appearances and order stay the model's).
    static func normalizedRoles(_ characters: [StoryCharacter]) -> [StoryCharacter] {
        var cast = characters
        if !cast.contains(where: { $0.role == .main }), !cast.isEmpty { cast[0].role = .main }
        while cast.filter({ $0.role == .supporting }).count > 1, cast.filter({ $0.role == .main }).count < 2,
              let first = cast.firstIndex(where: { $0.role == .supporting }) {
            cast[first].role = .main
        }
        while cast.filter({ $0.role == .main }).count > 2, let last = cast.lastIndex(where: { $0.role == .main }) {
            cast[last].role = .supporting
        }
        return cast
    }

    /// A QA pair whose type comes from the question's first word (what, why, how, where).
    static func parseQA(_ reader: JSONReader) throws(StoryOutputError) -> QAPair {
        let question = try reader.string("question")
        let answer = try reader.string("answer")
        guard let type = QAType(question: question, firstWord: .wholeWord), type != .describe else {
            throw StoryOutputError("\(reader.pathOf("question")) \"\(question)\" must start with What, Why, How or Where")
        }
        return QAPair(question: question, answer: answer, type: type)
    }

    /// The QA type named by a question's first word as this parser reads it (the whole first word, punctuation
    /// trimmed), or nil; see ``QAType/init(question:firstWord:)``.
    public static func qaType(of question: String) -> QAType? {
        QAType(question: question, firstWord: .wholeWord)
    }

    /// The verb in the paper's list that `raw` names ("walking", "Walks" → "walk"), or nil.
    static func canonicalVerb(_ raw: String) -> String? {
        let word = raw.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        let irregular = ["sat": "sit", "stood": "stand", "held": "hold", "sitting": "sit", "hugging": "hug"]
        if let verb = irregular[word] { return verb }
        return keyframeVerbs.first { word == $0 || (word.hasPrefix($0) && ["s", "ing", "ed", "es"].contains(String(word.dropFirst($0.count)))) }
    }

    /// The movie's own spelling of a location (case-insensitive match), or an error naming the allowed ones.
    static func canonicalLocation(_ name: String, in locations: [String], path: String) throws(StoryOutputError)
        -> String {
        if let match = locations.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { return match }
        throw StoryOutputError("\(path) \"\(name)\" is not one of the movie's locations ("
                               + locations.joined(separator: ", ") + ")")
    }
}
