App({ globalData: { api: 'https://chat.example.com' } })
