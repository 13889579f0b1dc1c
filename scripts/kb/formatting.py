"""Numbers, money, ranges and dates written the Finnish and Swedish way.

Both languages group thousands with a space and use a decimal comma. A no-break
space keeps "150 000" on one line. Unit words come from the interface strings,
so the caller passes a look-up `t(key) -> str` for the page's language.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Optional

NBSP = "\u00a0"
EN_DASH = "\u2013"

Lookup = Callable[[str], str]


def number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:.2f}".rstrip("0").split(".")
        return f"{number(int(whole))},{frac}"
    text = f"{int(value):,}".replace(",", NBSP)
    return text


def money(value: int, t: Lookup) -> str:
    """150000 -> '150 000 euroa' / '150 000 euro'."""
    return f"{number(value)}{NBSP}{t('unit.eur')}"


def unit_word(unit: str, count: int, t: Lookup) -> str:
    return t(f"unit.{unit}.{'one' if count == 1 else 'many'}")


def value_range(low: Optional[int], high: Optional[int], unit: str, t: Lookup) -> str:
    """(12, 36, months) -> '12–36 kuukautta'; open ends read 'at least' / 'at most'."""
    if low is not None and high is not None:
        if low == high:
            return f"{number(low)}{NBSP}{unit_word(unit, low, t)}"
        return f"{number(low)}{EN_DASH}{number(high)}{NBSP}{unit_word(unit, high, t)}"
    if low is not None:
        return f"{t('range.at_least')} {number(low)}{NBSP}{unit_word(unit, low, t)}"
    if high is not None:
        return f"{t('range.at_most')} {number(high)}{NBSP}{unit_word(unit, high, t)}"
    return t("value.not_applicable")


def mixed_range(low: int, low_unit: str, high: int, high_unit: str, t: Lookup) -> str:
    """(5, days, 2, months) -> '5 päivää – 2 kuukautta'; spaced dash as the ends differ in unit."""
    return (f"{number(low)}{NBSP}{unit_word(low_unit, low, t)} {EN_DASH} "
            f"{number(high)}{NBSP}{unit_word(high_unit, high, t)}")


def choice_list(values: list[str], t: Lookup) -> str:
    """['24', '36'] -> '24 tai 36' / '24 eller 36'."""
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} {t('word.or')} {values[-1]}"


def date(value: dt.date) -> str:
    """Finnish and Finland-Swedish both write 20.5.2021."""
    return f"{value.day}.{value.month}.{value.year}"
