# Kyrgyz pages use a decimal comma and a no-break space for thousands, as CLDR has it for "ky";
# Django's own Kyrgyz locale has "." which would make pages and charts disagree.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u00a0"
NUMBER_GROUPING = 3
DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
