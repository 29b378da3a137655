from councils.management.import_command import ImportCommand


class Command(ImportCommand):
    help = "Import elections from a CSV or XLSX file (columns: see README, section Councils). All or nothing."
    kind = "elections"
