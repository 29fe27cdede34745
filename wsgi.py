from partnernet import create_app

app = create_app()
