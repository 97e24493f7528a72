/// libyaml's problem messages in the three languages, with what to do about each: what a policy
/// officer who has never seen YAML reads instead of «mapping values are not allowed in this
/// context». A problem not listed here is shown in libyaml's words after a translated sentence.
enum YAMLProblemWords {
    /// (problem, what it means, what to do)
    static let table: [String: (said: Localized, help: Localized)] = [
        "mapping values are not allowed in this context": (
            Localized(kk: "бұл жерде қос нүкте (:) күтілмеген", ru: "здесь не ожидалось двоеточие (:)", en: "a colon (:) where none was expected (mapping values are not allowed in this context)"),
            Localized(kk: "мәнде қос нүкте болса, мәнді тырнақшаға алыңыз; әйтпесе жолдың шегінісін тексеріңіз", ru: "если двоеточие — часть значения, возьмите значение в кавычки; иначе проверьте отступ строки", en: "if the colon is part of the value, put the value in quotes; otherwise check the line's indentation")),
        "could not find expected ':'": (
            Localized(kk: "кілттен кейін қос нүкте (:) табылмады", ru: "после ключа не найдено двоеточие (:)", en: "no colon (:) after a key (could not find expected ':')"),
            Localized(kk: "`кілт: мән` түрінде жазыңыз немесе алдыңғы жолда жабылмаған тырнақшаны іздеңіз", ru: "пишите `ключ: значение` или ищите незакрытую кавычку в строке выше", en: "write `key: value`, or look for an unclosed quote on the line above")),
        "did not find expected key": (
            Localized(kk: "бұл жерде кілт күтілді", ru: "здесь ожидался ключ", en: "a key was expected here (did not find expected key)"),
            Localized(kk: "жолдың шегінісі жоғарыдағы жолдармен бірдей ме, тексеріңіз", ru: "проверьте, что отступ строки такой же, как у строк выше", en: "check that the line is indented like the lines above it")),
        "did not find expected '-' indicator": (
            Localized(kk: "тізім элементі (-) күтілді", ru: "ожидался элемент списка (-)", en: "a list item (-) was expected (did not find expected '-' indicator)"),
            Localized(kk: "тізімнің әр жолы «- » белгісімен және бірдей шегініспен басталуы керек", ru: "каждая строка списка начинается с «- » и с одинаковым отступом", en: "each line of a list starts with “- ” at the same indentation")),
        "found character that cannot start any token": (
            Localized(kk: "мұндай таңбадан мән басталмайды", ru: "с этого символа не может начинаться значение", en: "a value cannot start with this character (found character that cannot start any token)"),
            Localized(kk: "`@`, `` ` `` немесе `%` таңбасынан басталатын мәнді тырнақшаға алыңыз", ru: "значение, начинающееся с `@`, `` ` `` или `%`, возьмите в кавычки", en: "put a value that starts with `@`, `` ` `` or `%` in quotes")),
        "found a tab character that violates indentation": (
            Localized(kk: "шегініс табуляциямен жасалған", ru: "отступ сделан табуляцией", en: "a tab is used for indentation"),
            Localized(kk: "шегіністі тек бос орынмен (пробелмен) жасаңыз", ru: "делайте отступы только пробелами", en: "indent with spaces only")),
        "found a tab character where an indentation space is expected": (
            Localized(kk: "шегініс табуляциямен жасалған", ru: "отступ сделан табуляцией", en: "a tab is used for indentation"),
            Localized(kk: "шегіністі тек бос орынмен (пробелмен) жасаңыз", ru: "делайте отступы только пробелами", en: "indent with spaces only")),
        "did not find expected ',' or ']'": (
            Localized(kk: "тізім жабылмаған: `,` немесе `]` күтілді", ru: "список не закрыт: ожидалась `,` или `]`", en: "a list in brackets is not closed: expected `,` or `]`"),
            Localized(kk: "әр `[` белгісіне `]` керек; мәндердің арасына үтір қойыңыз", ru: "на каждую `[` нужна `]`; значения разделяются запятыми", en: "every `[` needs a `]`; separate the values with commas")),
        "did not find expected ',' or '}'": (
            Localized(kk: "жақша жабылмаған: `,` немесе `}` күтілді", ru: "фигурная скобка не закрыта: ожидалась `,` или `}`", en: "braces are not closed: expected `,` or `}`"),
            Localized(kk: "әр `{` белгісіне `}` керек; жұптардың арасына үтір қойыңыз", ru: "на каждую `{` нужна `}`; пары разделяются запятыми", en: "every `{` needs a `}`; separate the pairs with commas")),
        "found unexpected end of stream": (
            Localized(kk: "файл күтпеген жерде аяқталды", ru: "файл неожиданно закончился", en: "the file ends too early (found unexpected end of stream)"),
            Localized(kk: "жабылмаған тырнақшаны немесе жақшаны іздеңіз", ru: "ищите незакрытую кавычку или скобку", en: "look for an unclosed quote or bracket")),
        "found unknown escape character": (
            Localized(kk: "тырнақшадағы мәтінде белгісіз `\\` тізбегі бар", ru: "в тексте в кавычках неизвестная последовательность с `\\`", en: "an unknown `\\` sequence in quoted text"),
            Localized(kk: "кері көлбеу сызықты екі рет жазыңыз (`\\\\`) немесе жалқы тырнақшаны қолданыңыз", ru: "удвойте обратную косую черту (`\\\\`) или используйте одинарные кавычки", en: "double the backslash (`\\\\`) or use single quotes")),
        "block sequence entries are not allowed in this context": (
            Localized(kk: "бұл жерде тізім элементі (-) болмайды", ru: "здесь не может быть элемента списка (-)", en: "a list item (-) is not allowed here"),
            Localized(kk: "тізімді кілттен кейінгі жолға, кілттен көбірек шегініспен жазыңыз", ru: "начните список со следующей строки после ключа, с большим отступом", en: "start the list on the line after its key, indented further")),
        "mapping keys are not allowed in this context": (
            Localized(kk: "бұл жерде кілт болмайды", ru: "здесь не может быть ключа", en: "a key is not allowed here"),
            Localized(kk: "жолдың шегінісін тексеріңіз", ru: "проверьте отступ строки", en: "check the line's indentation")),
        "did not find expected node content": (
            Localized(kk: "мән күтілді", ru: "ожидалось значение", en: "a value was expected (did not find expected node content)"),
            Localized(kk: "мәнді жазыңыз немесе артық белгіні (`-`, `,`) алып тастаңыз", ru: "впишите значение или уберите лишний знак (`-`, `,`)", en: "write the value, or remove the stray `-` or `,`")),
        "did not find expected comment or line break": (
            Localized(kk: "мәннен кейін артық мәтін бар", ru: "после значения лишний текст", en: "extra text after a value"),
            Localized(kk: "мәтін тырнақшаға алынғаннан кейін жол аяқталуы керек", ru: "после закрывающей кавычки строка должна закончиться", en: "the line must end after a closing quote")),
    ]
}
