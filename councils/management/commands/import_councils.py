from councils.management.import_command import ImportCommand


class Command(ImportCommand):
    help = "Import councils from a CSV or XLSX file (columns: see README, section Councils). All or nothing."
    kind = "councils"
