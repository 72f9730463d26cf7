"""Document numbers in the English form official English versions print."""

from kb.reading.docnumbers import number_en

CITY = {"zh": "某市人民政府", "en": "The City People's Government"}


def test_a_file_number_is_its_abbreviation_in_pinyin_with_the_year_in_square_brackets() -> None:
    assert number_en("国科办才〔2022〕177号") == "Guo Ke Ban Cai [2022] No. 177"
    assert number_en("外专发〔2017〕40号") == "Wai Zhuan Fa [2017] No. 40"
    assert number_en("某科发〔2025〕3号") == "Mou Ke Fa [2025] No. 3"


def test_a_decree_is_named_with_its_issuers_english_or_not_guessed() -> None:
    assert number_en("某市人民政府令第21号", CITY) == "Decree No. 21 of the City People's Government"
    assert number_en("国务院令第814号", {"zh": "国务院", "en": "State Council"}) == "Decree No. 814 of the State Council"
    # The issuer's English is another body's: no rendering rather than a wrong one.
    assert number_en("国务院令第814号", CITY) is None
    assert number_en("第三条") is None and number_en(None) is None
