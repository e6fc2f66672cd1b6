/* pinyin.h: Chinese names in the order people look them up: by pinyin (李 lǐ before 王 wáng before
 * 张 zhāng), as a dictionary or a roster sorts them. */
#ifndef DJ_PINYIN_H
#define DJ_PINYIN_H

#include <stddef.h>

/* Compares two UTF-8 texts (lengths in bytes) by pinyin: the 3,755 common hanzi (GB 2312's first
 * level, which that standard orders by pinyin) in pinyin order, the other hanzi after them,
 * everything else (digits, Latin letters) before the hanzi, by code point. <0, 0 or >0; equal
 * keys fall back to the bytes, so the order is total. */
int pinyin_compare(const char *a, size_t alen, const char *b, size_t blen);

#endif
