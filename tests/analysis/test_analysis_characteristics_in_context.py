"""Characteristics told indirectly, and passing mentions that do not count (the guide's table)."""

import pytest

from analysis import tag


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        # Same-sex couples described without the words.
        ("We're two mums and the neighbours ignore us.", "sexual_orientation"),
        ("My husband and I are both men and we got spat at.", "sexual_orientation"),
        ("Me and my girlfriend got shouted at. I'm a woman, by the way.", "sexual_orientation"),
        # Being a woman or a boy as part of what happened.
        ("I'm a Muslim woman and men in cars slow down to shout at me.", "sex"),
        ("A bloke grabbed my backside in the queue at the chippy.", "sex"),
        ("He tried to pull up her dress at the bus stop.", "sex"),
        ("Young men are being targeted by sextortion gangs online.", "sex"),
        ("Lads whistle at my daughter on her way to school.", "sex"),
        ("I'm a woman and I feel nervous walking home at night.", "sex"),
        # Marital status, impairments and ages told in everyday words.
        ("Divorced women get looked down on round here.", "marriage_civil_partnership"),
        ("The hostel turned us away because we aren't married.", "marriage_civil_partnership"),
        ("Widows are easy prey for rogue traders.", "marriage_civil_partnership"),
        ("They laughed at my nephew because he has Down's.", "disability"),
        ("The forms don't work with a screen reader.", "disability"),
        ("A little boy was crying at the bus stop.", "age"),
        ("She was told to cover her bump in the cafe.", "pregnancy_maternity"),
        ("He kept calling me Bin Laden at work.", "religion_belief"),
    ],
)
def test_told_indirectly(text: str, characteristic: str) -> None:
    assert characteristic in tag(text).characteristics


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        # A descriptor in a worker's note, or who did it.
        ("Caller (Polish, female, 40s) says the neighbour shouts at her kids.", "sex"),
        ("I was pushed off my bike by some girls from the college.", "sex"),
        ("A group of girls chased my son home from school.", "sex"),
        # Women named by their religious dress, where the abuse is about religion.
        ("Lads shout at women in hijabs outside the shops.", "sex"),
        # A couple of women, where the issue is the couple.
        ("My partner (two women, married) gets abuse from next door.", "sex"),
        # A widow in passing; a grandparent named only as the occasion; a school night.
        ("My mum, a widow, got a scam call last week.", "marriage_civil_partnership"),
        ("The pub was lovely for my nan's funeral.", "age"),
        ("Fireworks at midnight on a school night.", "age"),
    ],
)
def test_passing_mentions_do_not_count(text: str, characteristic: str) -> None:
    assert characteristic not in tag(text).characteristics


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        ("Two lads from year 10 got jumped by the canal.", "age"),
        ("we r in yr 8 and they follow us home", "age"),
        ("Fights at the bus station every day at school closing time.", "age"),
        ("Girls being groomed by older men who give them lifts.", "age"),
        ("Young mums would come to the meeting if there was a creche.", "pregnancy_maternity"),
        ("They tore down the Pride flags outside the library.", "gender_reassignment"),
        ("I look after my dad since he had a stroke.", "disability"),
        ("He said she shouldn't be bringing another brown baby into this country.", "race"),
        ("They called my uncle a dot head outside the mandir.", "race"),
        ("She said two men marrying is disgusting.", "sexual_orientation"),
        ("'No gay weddings' was sprayed by the register office.", "marriage_civil_partnership"),
        ("He said we shouldn't be allowed to get married.", "marriage_civil_partnership"),
        ("Men lean out of vans and beep at her on the way to school.", "sex"),
    ],
)
def test_more_told_indirectly(text: str, characteristic: str) -> None:
    assert characteristic in tag(text).characteristics, tag(text)


@pytest.mark.parametrize(
    ("text", "characteristic"),
    [
        ("Ar kid got called names by some blokes at the bus stop.", "age"),
        ("They shouted batty boys at me and my boyfriend.", "age"),
        ("Loads of uni students walk that way home.", "age"),
        ("I'm a foster carer and the kids get approached outside.", "disability"),
        ("PACT is in the church hall on Tuesdays.", "religion_belief"),
        ("I hid in the ladies till they'd gone.", "sex"),
        ("A group of girls at school pulled her headscarf off.", "sex"),
    ],
)
def test_more_passing_mentions(text: str, characteristic: str) -> None:
    assert characteristic not in tag(text).characteristics, tag(text)
