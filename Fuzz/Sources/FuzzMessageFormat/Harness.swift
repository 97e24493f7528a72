import QamqorEngine

/// The message catalogue's readers: the input is read as one ICU MessageFormat message (and,
/// when it reads, rendered in every language with values for the names it uses), and as a whole
/// catalogue file. Neither may trap, loop or grow without bound; a problem is a refusal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let template = try? MessageTemplate(text) {
        let values: [any MessageArgument] = template.placeholders.enumerated().map { i, _ in
            switch i % 4 {
            case 0: 21
            case 1: "171 022,26 ₸"
            case 2: true
            default: Localized(kk: "кедейлік шегі", ru: "черта бедности", en: "poverty line")
            }
        }
        for l in Language.builtIn {
            _ = template.render(MessageArguments(names: template.placeholders, values: values), in: l)
        }
    }
    _ = CatalogueFile.read(text: text, path: "uz.yaml")
    return 0
}
