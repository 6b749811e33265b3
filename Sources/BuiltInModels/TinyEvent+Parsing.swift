import Models
import Foundation

extension TinyEvent {
    /// Reads an event back from a tinystory's text (``text``, maybe with sentences around it), knowing only the
    /// tinystory's location and the movie's characters — what a level-3 call is given. Nil when the text does not
    /// state an act in the built-in form (another model's tinystory, or text someone changed).
    init?(parsing content: String, location: String, characters: [StoryCharacter]) {
        let sentences = Self.sentences(content)
        // The act: "At the <place>, <actor> <act> because <reason>."
        let opening = "At the \(location), "
        guard let first = sentences.first(where: { $0.hasPrefix(opening) }),
              let (actor, rest) = Self.leadingCharacter(String(first.dropFirst(opening.count)), characters),
              let (actText, reason) = Self.split(rest, at: " because "),
              let (action, slots) = Self.recognise(actText) else { return nil }
        let other = slots["B"].flatMap { name in characters.first { $0.name == name } }
        // The means: "To do that, <actor> <means>."
        let meansText = sentences.lazy.compactMap { Self.after("To do that, \(actor.name) ", in: $0) }.first
        let act = EventAction.catalog[action]
        let means = meansText.map { text in act.means.first { $0.third == text } ?? VerbPhrase(text, text, text) }
        // The other character: "Meanwhile, <other> <side act> because <motive>."
        var sideOther: StoryCharacter?, side: VerbPhrase?, sidePose: FigurePose?, motive: String?
        for sentence in sentences {
            guard let body = Self.after("Meanwhile, ", in: sentence),
                  let (who, rest) = Self.leadingCharacter(body, characters),
                  let (sideText, why) = Self.split(rest, at: " because ") else { continue }
            (sideOther, motive) = (who, why)
            let known = EventVocabulary.sideActs.lazy.compactMap { entry in
                SlotTemplate.match(entry.phrase.third, sideText).map { entry.phrase.fill($0) }.map { ($0, entry.pose) }
            }.first
            (side, sidePose) = (known?.0 ?? VerbPhrase(sideText, sideText, sideText), known?.1 ?? .stand)
        }
        // The feeling: "<someone> is <adjective> because <cause>."
        var feeler = actor, feeling = EventVocabulary.feelings.firstIndex { $0.expression == act.mood } ?? 0
        var cause: String?
        for sentence in sentences {
            guard let (who, rest) = Self.leadingCharacter(sentence, characters), rest.hasPrefix("is "),
                  let (adjective, why) = Self.split(String(rest.dropFirst(3)), at: " because "),
                  let index = EventVocabulary.feelings.firstIndex(where: { $0.adjective == adjective }) else { continue }
            (feeler, feeling, cause) = (who, index, why)
        }
        let consequence = sentences.lazy.compactMap { Self.after("As a result, ", in: $0) }.first
        self.init(place: location, actor: actor, other: other ?? sideOther, action: action,
                  object: slots["O"] ?? "", spot: slots["S"] ?? "", reason: reason,
                  means: means ?? act.means[0], side: side, sidePose: sidePose, motive: motive,
                  feeler: feeler, feeling: feeling, feelingCause: cause ?? reason,
                  consequence: consequence ?? reason)
        meansStated = means != nil
        feelingStated = cause != nil
        consequenceStated = consequence != nil
    }

    /// The sentences of a text: split after ". ", each keeping its full stop dropped.
    static func sentences(_ text: String) -> [String] {
        text.components(separatedBy: ". ").map { sentence in
            var s = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
            if s.hasSuffix(".") { s.removeLast() }
            return s
        }.filter { !$0.isEmpty }
    }

    /// The character whose name `text` opens with (the longest such name) and the text after the name and a space.
    static func leadingCharacter(_ text: String, _ characters: [StoryCharacter]) -> (StoryCharacter, String)? {
        let hits = characters.filter { !$0.name.isEmpty && text.hasPrefix($0.name + " ") }
        guard let who = hits.max(by: { $0.name.count < $1.name.count }) else { return nil }
        return (who, String(text.dropFirst(who.name.count + 1)))
    }

    /// `text` cut at the first `separator`, both parts non-empty.
    static func split(_ text: String, at separator: String) -> (String, String)? {
        guard let range = text.range(of: separator) else { return nil }
        let head = String(text[..<range.lowerBound]), tail = String(text[range.upperBound...])
        return head.isEmpty || tail.isEmpty ? nil : (head, tail)
    }

    /// What follows `prefix` in `sentence`, if it opens with it.
    static func after(_ prefix: String, in sentence: String) -> String? {
        sentence.hasPrefix(prefix) && sentence.count > prefix.count ? String(sentence.dropFirst(prefix.count)) : nil
    }

    /// The catalog act a third-person phrase states, and its slots.
    static func recognise(_ phrase: String) -> (Int, [String: String])? {
        for (index, action) in EventAction.catalog.enumerated() {
            if let slots = SlotTemplate.match(action.phrase.third, phrase) { return (index, slots) }
        }
        return nil
    }
}
